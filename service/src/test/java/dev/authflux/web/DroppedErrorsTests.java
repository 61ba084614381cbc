package dev.authflux.web;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Operators;
import reactor.netty.channel.AbortedException;
import reactor.util.context.Context;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DroppedErrorsTests {

	private final DroppedErrors droppedErrors = new DroppedErrors();

	@AfterEach
	void reset() {
		this.droppedErrors.destroy();
	}

	@Test
	void clientThatHungUpIsNotLoggedAsAnError(CapturedOutput output) {
		this.droppedErrors.afterPropertiesSet();
		Operators.onErrorDropped(AbortedException.beforeSend(), Context.empty());
		Operators.onErrorDropped(new IOException("Connection reset by peer"), Context.empty());
		assertThat(output).doesNotContain("Operator called default onErrorDropped")
			.doesNotContain("An error after its request had ended")
			.doesNotContain("Connection reset by peer");
	}

	@Test
	void anyOtherDroppedErrorIsStillAnError(CapturedOutput output) {
		this.droppedErrors.afterPropertiesSet();
		Operators.onErrorDropped(new IllegalStateException("a bug"), Context.empty());
		assertThat(output).containsPattern("ERROR.*An error after its request had ended").contains("a bug");
	}

}
