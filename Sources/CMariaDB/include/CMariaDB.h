// The MariaDB Connector/C client API (Debian libmariadb-dev headers), for the mysql> operator.
// The library itself is loaded on first use (see CMariaDB.c).
#include <mariadb/mysql.h>

/// 1 when libmariadb could be loaded (it is loaded on the first call), 0 otherwise.
int cmariadb_available(void);

/// Sets what every connection of ours uses: connect, read and write timeouts (seconds), utf8mb4,
/// and, with `ssl`, TLS required without verifying the server certificate (Digdag's `ssl: true`).
void cmariadb_set_connection_options(MYSQL *mysql, unsigned int connect_timeout, unsigned int socket_timeout, int ssl);

/// Lets the connection answer `LOAD DATA LOCAL INFILE` (call before connecting). The built-in
/// Embulk's MySQL output streams rows that way through its own handler
/// (mysql_set_local_infile_handler), never reading a file the server names.
void cmariadb_enable_local_infile(MYSQL *mysql);
