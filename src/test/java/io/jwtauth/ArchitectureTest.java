package io.jwtauth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the code, checked over the compiled classes: feature packages depend one way (a newcomer can draw the
 * graph: common <- user <- token <- session <- client <- auth <- oauth; mfa between session and auth (auth and admin
 * use it, it uses session and mail); admin and events on session; mail on common only), common depends on no feature,
 * mail (which features call) calls no feature, mfa calls neither the login (auth) nor admin, only resources use a
 * resource's types (its request and response records), only repositories run SQL, and only through Sql.
 */
@AnalyzeClasses(packages = "io.jwtauth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles =
            slices().matching("io.jwtauth.(*)..").should().beFreeOfCycles();

    /** Every feature package but mail, which features call. */
    private static final String[] FEATURES = {
        "io.jwtauth.auth..",
        "io.jwtauth.token..",
        "io.jwtauth.session..",
        "io.jwtauth.user..",
        "io.jwtauth.admin..",
        "io.jwtauth.client..",
        "io.jwtauth.oauth..",
        "io.jwtauth.events..",
        "io.jwtauth.mfa.."
    };

    @ArchTest
    static final ArchRule commonDependsOnNoFeature = noClasses()
            .that()
            .resideInAPackage("io.jwtauth.common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES)
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("io.jwtauth.mail..");

    @ArchTest
    static final ArchRule mailDependsOnlyOnCommon = noClasses()
            .that()
            .resideInAPackage("io.jwtauth.mail..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES)
            .because("features send mail through mail's outbox; the mail component knows no feature");

    @ArchTest
    static final ArchRule mfaSitsBelowTheLoginAndAdmin = noClasses()
            .that()
            .resideInAPackage("io.jwtauth.mfa..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.jwtauth.auth..",
                    "io.jwtauth.admin..",
                    "io.jwtauth.client..",
                    "io.jwtauth.oauth..",
                    "io.jwtauth.events..")
            .because("the login and the admin use the second factor, never the other way round");

    @ArchTest
    static final ArchRule servicesNeverImportAResourcesTypes = noClasses()
            .that(are(not(partOfAResource())))
            .should()
            .dependOnClassesThat(are(partOfAResource()))
            .because("the HTTP edge depends on the rules, never the other way round");

    /** Repositories by another name: the event log, the legacy token table, and the NOTIFY of a revocation. */
    private static final java.util.Set<String> SQL_OWNERS = java.util.Set.of(
            "io.jwtauth.common.Sql",
            "io.jwtauth.events.RevocationLog",
            "io.jwtauth.session.LegacyRefreshTokens",
            "io.jwtauth.session.RevocationAnnouncer");

    @ArchTest
    static final ArchRule sqlLivesInRepositories = noClasses()
            .that(are(not(DescribedPredicate.describe(
                    "a repository (the classes that own a table's SQL)",
                    c -> ownsSql(c)
                            || c.getEnclosingClass()
                                    .map(ArchitectureTest::ownsSql)
                                    .orElse(false)))))
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.jwtauth.common.Sql")
            .because("each table's SQL has one home: its repository");

    private static final java.util.Set<String> JDBC_OWNERS =
            java.util.Set.of("io.jwtauth.common.Sql", "io.jwtauth.session.RevocationListener");

    /**
     * Connections and statements are {@link io.jwtauth.common.Sql}'s alone (and the revocation listener's, whose
     * dedicated LISTEN connection is no pooled one), so that the statement count tests take around a request
     * ({@code StatementCounter}: "a verified request runs no SQL") sees every statement the service can run.
     */
    @ArchTest
    static final ArchRule connectionsOnlyThroughSql = noClasses()
            .that(are(not(DescribedPredicate.describe(
                    "Sql or the revocation listener",
                    c -> JDBC_OWNERS.contains(c.getName())
                            || c.getEnclosingClass()
                                    .map(e -> JDBC_OWNERS.contains(e.getName()))
                                    .orElse(false)))))
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.sql.Connection")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.sql.Statement")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.sql.PreparedStatement")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("javax.sql.DataSource")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.agroal.api.AgroalDataSource")
            .because("a statement run beside Sql would escape the counts that prove the hot path runs none");

    private static boolean ownsSql(JavaClass c) {
        return c.getSimpleName().endsWith("Repository") || SQL_OWNERS.contains(c.getName());
    }

    /** A JAX-RS resource class, or a type declared inside one. */
    private static DescribedPredicate<JavaClass> partOfAResource() {
        return DescribedPredicate.describe(
                "part of a *Resource",
                c -> isResource(c)
                        || c.getEnclosingClass()
                                .map(ArchitectureTest::isResource)
                                .orElse(false));
    }

    private static boolean isResource(JavaClass c) {
        return c.getSimpleName().endsWith("Resource");
    }

    private static <T> DescribedPredicate<T> are(DescribedPredicate<T> predicate) {
        return DescribedPredicate.describe("are " + predicate.getDescription(), predicate::test);
    }

    private static <T> DescribedPredicate<T> not(DescribedPredicate<T> predicate) {
        return DescribedPredicate.not(predicate);
    }
}
