package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmarks' options: values, flags, defaults, and an error naming the option for each misuse. */
class BenchmarkArgsTest {
  private static final Set<String> VALUED = Set.of("--trials", "--seed", "--families");
  private static final Set<String> FLAGS = Set.of("--experiments");
  private static final String USAGE = "--trials N --seed S [--families A,B] [--experiments]";

  private static BenchmarkArgs parse(String... args) {
    return BenchmarkArgs.parse(args, VALUED, FLAGS, USAGE);
  }

  private static String refused(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> {
      BenchmarkArgs a = parse(args);
      a.positiveInt("--trials", 40);
      a.longValue("--seed", 1);
    }).getMessage();
  }

  @Test
  void valuesAndFlagsInAnyOrderAndDefaultsForWhatIsMissing() {
    BenchmarkArgs a = parse("--experiments", "--seed", "-7", "--families", "AR_095,DRIFT");
    assertEquals(40, a.positiveInt("--trials", 40));
    assertEquals(-7, a.longValue("--seed", 1));
    assertTrue(a.has("--families"));
    assertEquals("AR_095,DRIFT", a.string("--families", ""));
    assertTrue(a.flag("--experiments"));

    BenchmarkArgs none = parse();
    assertFalse(none.has("--families"));
    assertFalse(none.flag("--experiments"));
    assertEquals(200, none.positiveInt("--trials", 200));
    assertEquals(1, none.longValue("--seed", 1));
  }

  @Test
  void aTrailingOptionWithoutItsValueIsNamed() {
    // once read past the end of the arguments (an ArrayIndexOutOfBoundsException)
    assertEquals("--families needs a value; use " + USAGE, refused("--trials", "5", "--families"));
    assertEquals("--trials needs a value; use " + USAGE, refused("--trials", "--experiments"));
  }

  @Test
  void badValuesNameTheOptionAndTheRule() {
    assertEquals("--trials must be an integer >= 1 but was '0'; use " + USAGE, refused("--trials", "0"));
    assertEquals("--trials must be an integer >= 1 but was 'ten'; use " + USAGE, refused("--trials", "ten"));
    assertEquals("--seed must be an integer but was '1.5'; use " + USAGE, refused("--seed", "1.5"));
  }

  @Test
  void unknownAndRepeatedOptionsAreRefused() {
    assertEquals("unknown argument --trial; use " + USAGE, refused("--trial", "5"));
    assertEquals("unknown argument 5; use " + USAGE, refused("5"));
    assertEquals("--seed is given twice; use " + USAGE, refused("--seed", "1", "--seed", "2"));
  }

  @Test
  void theMainsUseThem() {
    IllegalArgumentException families = assertThrows(IllegalArgumentException.class,
        () -> DetectionFamiliesBenchmark.main(new String[] {"--trials", "1", "--families"}));
    assertTrue(families.getMessage().startsWith("--families needs a value"), families.getMessage());
    IllegalArgumentException clean = assertThrows(IllegalArgumentException.class,
        () -> DetectionBenchmark.main(new String[] {"--trials", "0"}));
    assertTrue(clean.getMessage().startsWith("--trials must be an integer >= 1 but was '0'"), clean.getMessage());
    IllegalArgumentException canary = assertThrows(IllegalArgumentException.class,
        () -> CanaryFamiliesBenchmark.main(new String[] {"--experiments"}));
    assertTrue(canary.getMessage().startsWith("unknown argument --experiments; use --trials N --seed S"),
        canary.getMessage());
  }
}
