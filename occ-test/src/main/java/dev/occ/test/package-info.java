/**
 * Test support for applications that use occ (or any JDBC code): {@link dev.occ.test.FaultInjector}
 * makes chosen statements fail the way a database fails them and drops connections around COMMIT;
 * {@link dev.occ.test.LostUpdateProbe} runs concurrent read-modify-write clients against your
 * versioned write and checks that no acknowledged update was lost; {@link
 * dev.occ.test.OccTestExtension} hands both to JUnit Jupiter tests.
 */
@NullMarked
package dev.occ.test;

import org.jspecify.annotations.NullMarked;
