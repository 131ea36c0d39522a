package io.jwtauth.support;

import io.quarkus.arc.Arc;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/** JDBC statements and transactions run through Hibernate, from its statistics (enabled in the test profile). */
public final class StatementCounter {

    private StatementCounter() {}

    public static Statistics reset() {
        Statistics stats = Arc.container().instance(SessionFactory.class).get().getStatistics();
        stats.clear();
        return stats;
    }
}
