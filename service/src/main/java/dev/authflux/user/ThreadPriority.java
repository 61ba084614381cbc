package dev.authflux.user;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Lowers the CPU priority of the calling thread, through the C library on Linux, where
 * each thread has its own nice value. Java's {@code Thread.setPriority} does not change
 * the Linux scheduler's view without root. Raising one's own nice value needs no
 * privilege; where it fails (another OS, a seccomp profile) hashing simply runs at normal
 * priority.
 */
final class ThreadPriority {

	private static final Log logger = LogFactory.getLog(ThreadPriority.class);

	/** {@code PRIO_PROCESS}: with a thread id, the nice value of that one thread. */
	private static final int PRIO_PROCESS = 0;

	private ThreadPriority() {
	}

	/** Sets the calling thread's nice value; 0 leaves it alone. */
	static void lowerCurrent(int nice) {
		if (nice <= 0) {
			return;
		}
		if (!Platform.isLinux()) {
			logger.debug("Thread priorities are only lowered on Linux; " + Thread.currentThread().getName()
					+ " runs at normal priority");
			return;
		}
		try {
			CLibrary libc = Native.load("c", CLibrary.class);
			if (libc.setpriority(PRIO_PROCESS, libc.gettid(), nice) != 0) {
				logger.info("Could not lower the priority of " + Thread.currentThread().getName() + " (errno "
						+ Native.getLastError() + "); it runs at normal priority");
			}
		}
		catch (LinkageError ex) {
			logger.info("Could not lower the priority of " + Thread.currentThread().getName() + " (" + ex
					+ "); it runs at normal priority");
		}
	}

	private interface CLibrary extends Library {

		int gettid();

		int setpriority(int which, int who, int prio);

	}

}
