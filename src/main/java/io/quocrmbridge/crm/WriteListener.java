package io.quocrmbridge.crm;

import java.sql.Connection;
import java.sql.SQLException;

/** Told about every record a writer settles, in the writer's transaction (activities keep their contact links so). */
public interface WriteListener {

    /**
     * @param success whether the record was written (or deliberately not written, e.g. held back by a policy);
     *                false when it is retried later or dead-lettered
     */
    void settled(Connection connection, String target, CrmBatch.Item item, boolean success) throws SQLException;
}
