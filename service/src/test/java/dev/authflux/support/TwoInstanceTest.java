package dev.authflux.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two instances sharing one database: the test's own ({@link #here}) and another process
 * ({@link #there}, {@link #other}) with the same admin credentials, each remembering live
 * sessions of its own.
 */
public abstract class TwoInstanceTest extends ApplicationTest {

	protected static OtherInstance other;

	protected AuthClient here;

	protected AuthClient there;

	@BeforeAll
	static void startOtherInstance() {
		other = OtherInstance.start("authflux.admin.client-secret=" + ADMIN_SECRET);
	}

	@AfterAll
	static void stopOtherInstance() {
		other.close();
	}

	@BeforeEach
	void clients() {
		this.here = new AuthClient(this.http);
		this.there = new AuthClient(other.http());
	}

}
