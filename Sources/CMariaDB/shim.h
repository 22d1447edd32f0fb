// The MariaDB Connector/C client API (Debian libmariadb-dev), for the mysql> operator.
#include <mysql.h>
