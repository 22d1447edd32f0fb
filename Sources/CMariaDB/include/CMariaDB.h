// The MariaDB Connector/C client API (Debian libmariadb-dev headers), for the mysql> operator.
// The library itself is loaded on first use (see CMariaDB.c).
#include <mariadb/mysql.h>

/// 1 when libmariadb could be loaded (it is loaded on the first call), 0 otherwise.
int cmariadb_available(void);
