"""While 50 trainees log sets for 60 s, one app server is killed and restarted and the app
servers' database connections are dropped: no acknowledged set is lost or stored twice,
the only failures are the requests in flight at each fault, and both servers answer again
without the app being restarted (scripts/cluster_faults.py; its counts are in
docs/deploy.md)."""

import sys

sys.path.insert(0, "scripts")
import cluster_faults


def test_no_set_is_lost_or_doubled_when_a_server_dies_or_the_database_drops_connections():
    result = cluster_faults.run(seconds=60, trainees=50, kill_at=15, down_for=3, drop_db_at=40)
    print(cluster_faults.table(result))

    assert result.acknowledged > 100
    assert result.lost == 0
    assert result.duplicated == 0
    assert result.stored == result.acknowledged
    assert result.other_failures == []
    # The restarted server takes requests again; after the dropped connections both
    # servers answer, on new connections, without a restart.
    assert result.served_after_kill.get(cluster_faults.KILLED, 0) > 0
    assert set(result.served_after_drop) == {"app1", "app2"}
    assert result.connections_dropped > 0
