package dev.authflux.architecture;

import java.util.function.Predicate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure rules of docs/architecture.md, built for a root package so that
 * {@code ArchitectureTests} can hold them against the service and, to show that each can
 * fail, against the fixtures that break them.
 */
final class ArchitectureRules {

	/** Cross-cutting packages, below every feature. */
	static final String[] BELOW_FEATURES = { "web", "system" };

	private ArchitectureRules() {
	}

	/** No cycles between the packages directly under the root. */
	static ArchRule noPackageCycles(String root) {
		return slices().matching(root + ".(*)..").should().beFreeOfCycles();
	}

	/** {@code web} and {@code system} use no feature package. */
	static ArchRule crossCuttingPackagesUseNoFeature(String root) {
		String[] below = new String[BELOW_FEATURES.length];
		for (int i = 0; i < below.length; i++) {
			below[i] = root + "." + BELOW_FEATURES[i] + "..";
		}
		return classes().that()
			.resideInAnyPackage(below)
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage(root + "..").or(resideInAnyPackage(below)))
			.as("web and system depend on no feature package");
	}

	/** Routes → Handler → Service → Repository: a repository calls nothing above it. */
	static ArchRule repositoriesUseNoServiceOrHandler() {
		return noClasses().that()
			.haveSimpleNameEndingWith("Repository")
			.should()
			.dependOnClassesThat(layer("Service", "Handler", "Routes"))
			.as("repositories use no service, handler or routes");
	}

	/** Services use no handler or routes. */
	static ArchRule servicesUseNoHandler() {
		return noClasses().that()
			.haveSimpleNameEndingWith("Service")
			.should()
			.dependOnClassesThat(layer("Handler", "Routes"))
			.as("services use no handler or routes");
	}

	/** Handlers use no routes. */
	static ArchRule handlersUseNoRoutes() {
		return noClasses().that()
			.haveSimpleNameEndingWith("Handler")
			.should()
			.dependOnClassesThat(layer("Routes"))
			.as("handlers use no routes");
	}

	/** No {@code block()}, {@code blockFirst()}, … on a Mono or Flux. */
	static ArchRule noBlocking() {
		return noClasses().should()
			.callMethodWhere(call("a blocking call on a Mono or Flux",
					(target) -> (target.getOwner().isAssignableTo(Mono.class)
							|| target.getOwner().isAssignableTo(Flux.class)) && target.getName().startsWith("block")))
			.as("no .block*() in main code: it stalls an event-loop thread");
	}

	/** No {@code System.out} or {@code System.err}. */
	static ArchRule noStandardStreams() {
		return noClasses().should()
			.accessField(System.class, "out")
			.orShould()
			.accessField(System.class, "err")
			.as("no System.out or System.err in main code: use a logger");
	}

	/** No {@code printStackTrace()}. */
	static ArchRule noPrintStackTrace() {
		return noClasses().should()
			.callMethodWhere(call("printStackTrace",
					(target) -> target.getOwner().isAssignableTo(Throwable.class)
							&& target.getName().equals("printStackTrace")))
			.as("no printStackTrace() in main code: use a logger");
	}

	/** No {@code Thread.sleep}. */
	static ArchRule noSleep() {
		return noClasses().should()
			.callMethodWhere(call("Thread.sleep",
					(target) -> target.getOwner().isEquivalentTo(Thread.class) && target.getName().equals("sleep")))
			.as("no Thread.sleep in main code: it blocks a thread; use Mono.delay or a Clock");
	}

	/** No locale-dependent case conversion. */
	static ArchRule noDefaultLocaleCase() {
		return noClasses().should()
			.callMethod(String.class, "toLowerCase")
			.orShould()
			.callMethod(String.class, "toUpperCase")
			.as("no toLowerCase()/toUpperCase() without a Locale in main code");
	}

	private static DescribedPredicate<JavaClass> layer(String... suffixes) {
		DescribedPredicate<JavaClass> layer = simpleNameEndingWith(suffixes[0]);
		for (int i = 1; i < suffixes.length; i++) {
			layer = layer.or(simpleNameEndingWith(suffixes[i]));
		}
		return layer;
	}

	private static DescribedPredicate<JavaMethodCall> call(String description, Predicate<MethodCallTarget> target) {
		return DescribedPredicate.describe(description, (call) -> target.test(call.getTarget()));
	}

}
