package dev.authflux.architecture;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the service's main code to the structure rules ({@link ArchitectureRules}), and
 * holds each rule against a fixture under {@code fixture/} that breaks it, so that no
 * rule passes only because it matches nothing.
 */
class ArchitectureTests {

	private static final String ROOT = "dev.authflux";

	private static final String FIXTURE = ROOT + ".architecture.fixture";

	/** Main code only; Spring AOT's generated bean definitions are not ours to shape. */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("__"))
		.importPackages(ROOT);

	private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

	static Stream<Arguments> rules() {
		return Stream.of(rule("no package cycles", ArchitectureRules::noPackageCycles, "First", "Second"),
				rule("web and system use no feature", ArchitectureRules::crossCuttingPackagesUseNoFeature,
						"WidgetProblems"),
				rule("repositories use nothing above", (root) -> ArchitectureRules.repositoriesUseNoServiceOrHandler(),
						"WidgetRepository"),
				rule("services use no handler", (root) -> ArchitectureRules.servicesUseNoHandler(), "WidgetService"),
				rule("handlers use no routes", (root) -> ArchitectureRules.handlersUseNoRoutes(), "WidgetHandler"),
				rule("no blocking", (root) -> ArchitectureRules.noBlocking(), "Mono.block()",
						"Mono.block(java.time.Duration)", "Mono.blockOptional()", "Flux.blockFirst()",
						"Flux.blockLast()"),
				rule("no standard streams", (root) -> ArchitectureRules.noStandardStreams(), "System.out",
						"System.err"),
				rule("no printStackTrace", (root) -> ArchitectureRules.noPrintStackTrace(), "printStackTrace()"),
				rule("no sleep", (root) -> ArchitectureRules.noSleep(), "Thread.sleep(long)"),
				rule("no default-locale case", (root) -> ArchitectureRules.noDefaultLocaleCase(),
						"String.toLowerCase()", "String.toUpperCase()"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void mainCodeWhenCheckedThenFollowsTheRule(String name, Function<String, ArchRule> rule, List<String> unused) {
		rule.apply(ROOT).check(MAIN);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void fixtureWhenBreakingTheRuleThenReported(String name, Function<String, ArchRule> rule, List<String> expected) {
		EvaluationResult result = rule.apply(FIXTURE).evaluate(FIXTURES);

		assertThat(result.hasViolation()).as(name).isTrue();
		String report = String.join("\n", result.getFailureReport().getDetails());
		for (String violation : expected) {
			assertThat(report).as(name).contains(violation);
		}
	}

	private static Arguments rule(String name, Function<String, ArchRule> rule, String... violations) {
		return Arguments.of(name, rule, List.of(violations));
	}

}
