package dev.authflux.web;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Logs errors that Reactor drops because their request has already ended. Most of them
 * are a client that hung up before its answer was written ("Connection has been closed
 * BEFORE send operation", a reset connection): routine for any public service, and logged
 * at debug. Reactor's default logs each with a stack trace at error level, which buries
 * real errors under every load test's closing connections. Anything else stays an error.
 */
@Component
class DroppedErrors implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(DroppedErrors.class);

	@Override
	public void afterPropertiesSet() {
		Hooks.onErrorDropped(DroppedErrors::log);
	}

	@Override
	public void destroy() {
		Hooks.resetOnErrorDropped();
	}

	static void log(Throwable error) {
		if (error instanceof AbortedException || AbortedException.isConnectionReset(error)) {
			logger.debug("The client hung up before its answer was written", error);
		}
		else {
			logger.error("An error after its request had ended", error);
		}
	}

}
