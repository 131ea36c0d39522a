package io.jwtauth.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;

/**
 * Every {@code @QuarkusTest} application sends its mail over SMTP to a real server of its own ({@link SmtpServer}),
 * never to the mailer's mock mailbox; a test gets the server injected into a {@code SmtpServer} field.
 */
@WithTestResource(value = SmtpServerResource.class, scope = TestResourceScope.GLOBAL)
public class SmtpServerResource implements QuarkusTestResourceLifecycleManager {

    private SmtpServer smtp;

    @Override
    public Map<String, String> start() {
        smtp = new SmtpServer();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(smtp, new TestInjector.MatchesType(SmtpServer.class));
    }

    @Override
    public void stop() {
        smtp.close();
    }
}
