package dev.authflux.mail;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses where mail goes: an SMTP server if one is configured, else files. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	@Bean
	MailSender outgoingMailSender(MailProperties properties, Clock clock) {
		return properties.smtp() ? new SmtpMailSender(properties, clock) : new EmlFileMailSender(properties, clock);
	}

}
