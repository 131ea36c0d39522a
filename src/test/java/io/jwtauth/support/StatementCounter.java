package io.jwtauth.support;

import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.arjuna.coordinator.TxStats;
import io.jwtauth.common.Sql;

/**
 * The service's SQL statements ({@link Sql} runs every one) and committed transactions (the transaction manager's
 * statistics, switched on here) since {@link #reset}.
 */
public final class StatementCounter {

    private final long statements;
    private final long transactions;

    private StatementCounter() {
        arjPropertyManager.getCoordinatorEnvironmentBean().setEnableStatistics(true);
        this.statements = Sql.statementsRun();
        this.transactions = TxStats.getInstance().getNumberOfCommittedTransactions();
    }

    /** Counting from now. */
    public static StatementCounter reset() {
        return new StatementCounter();
    }

    public long getPrepareStatementCount() {
        return Sql.statementsRun() - statements;
    }

    public long getTransactionCount() {
        return TxStats.getInstance().getNumberOfCommittedTransactions() - transactions;
    }
}
