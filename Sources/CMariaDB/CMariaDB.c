#include "CMariaDB.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/*
 * libmariadb is loaded with dlopen the first time a mysql> task connects, not at process start:
 * it pulls in libssl and libcrypto, about 2 MB of resident memory that every other run (and an
 * idle server) would otherwise carry. The mysql_* functions the Swift code calls are defined here
 * and forward to the loaded library.
 *
 * Each FUNCTION(return type, name, parameters, arguments, value when the library is missing)
 * line declares a pointer, loads it and defines the forwarder.
 */
#define MARIADB_FUNCTIONS(FUNCTION, PROCEDURE) \
    FUNCTION(MYSQL *, mysql_init, (MYSQL *mysql), (mysql), NULL) \
    PROCEDURE(mysql_close, (MYSQL *mysql), (mysql)) \
    FUNCTION(unsigned int, mysql_errno, (MYSQL *mysql), (mysql), 2059) \
    FUNCTION(const char *, mysql_error, (MYSQL *mysql), (mysql), "libmariadb could not be loaded") \
    FUNCTION(const char *, mysql_sqlstate, (MYSQL *mysql), (mysql), "HY000") \
    FUNCTION(int, mysql_options, (MYSQL *mysql, enum mysql_option option, const void *arg), (mysql, option, arg), 1) \
    FUNCTION(MYSQL *, mysql_real_connect, \
        (MYSQL *mysql, const char *host, const char *user, const char *passwd, const char *db, unsigned int port, \
         const char *unix_socket, unsigned long flags), \
        (mysql, host, user, passwd, db, port, unix_socket, flags), NULL) \
    FUNCTION(int, mysql_real_query, (MYSQL *mysql, const char *q, unsigned long length), (mysql, q, length), 1) \
    FUNCTION(unsigned int, mysql_field_count, (MYSQL *mysql), (mysql), 0) \
    FUNCTION(my_ulonglong, mysql_affected_rows, (MYSQL *mysql), (mysql), 0) \
    FUNCTION(MYSQL_RES *, mysql_use_result, (MYSQL *mysql), (mysql), NULL) \
    FUNCTION(int, mysql_next_result, (MYSQL *mysql), (mysql), -1) \
    FUNCTION(unsigned int, mysql_num_fields, (MYSQL_RES *res), (res), 0) \
    FUNCTION(MYSQL_FIELD *, mysql_fetch_fields, (MYSQL_RES *res), (res), NULL) \
    FUNCTION(MYSQL_ROW, mysql_fetch_row, (MYSQL_RES *res), (res), NULL) \
    FUNCTION(unsigned long *, mysql_fetch_lengths, (MYSQL_RES *res), (res), NULL) \
    PROCEDURE(mysql_free_result, (MYSQL_RES *res), (res)) \
    FUNCTION(MYSQL_STMT *, mysql_stmt_init, (MYSQL *mysql), (mysql), NULL) \
    FUNCTION(int, mysql_stmt_prepare, (MYSQL_STMT *stmt, const char *query, unsigned long length), \
        (stmt, query, length), 1) \
    FUNCTION(my_bool, mysql_stmt_bind_param, (MYSQL_STMT *stmt, MYSQL_BIND *bind), (stmt, bind), 1) \
    FUNCTION(my_bool, mysql_stmt_bind_result, (MYSQL_STMT *stmt, MYSQL_BIND *bind), (stmt, bind), 1) \
    FUNCTION(int, mysql_stmt_execute, (MYSQL_STMT *stmt), (stmt), 1) \
    FUNCTION(int, mysql_stmt_fetch, (MYSQL_STMT *stmt), (stmt), 1) \
    FUNCTION(MYSQL_RES *, mysql_stmt_result_metadata, (MYSQL_STMT *stmt), (stmt), NULL) \
    FUNCTION(unsigned int, mysql_stmt_errno, (MYSQL_STMT *stmt), (stmt), 2059) \
    FUNCTION(const char *, mysql_stmt_error, (MYSQL_STMT *stmt), (stmt), "libmariadb could not be loaded") \
    FUNCTION(const char *, mysql_stmt_sqlstate, (MYSQL_STMT *stmt), (stmt), "HY000") \
    FUNCTION(my_bool, mysql_stmt_close, (MYSQL_STMT *stmt), (stmt), 1) \
    FUNCTION(const char *, mysql_info, (MYSQL *mysql), (mysql), NULL) \
    FUNCTION(unsigned int, mysql_warning_count, (MYSQL *mysql), (mysql), 0) \
    PROCEDURE(mysql_set_local_infile_handler, \
        (MYSQL *mysql, int (*local_infile_init)(void **, const char *, void *), \
         int (*local_infile_read)(void *, char *, unsigned int), void (*local_infile_end)(void *), \
         int (*local_infile_error)(void *, char *, unsigned int), void *userdata), \
        (mysql, local_infile_init, local_infile_read, local_infile_end, local_infile_error, userdata))

#define DECLARE_FUNCTION(type, name, parameters, arguments, missing) static type(*p_##name) parameters;
#define DECLARE_PROCEDURE(name, parameters, arguments) static void(*p_##name) parameters;
MARIADB_FUNCTIONS(DECLARE_FUNCTION, DECLARE_PROCEDURE)

static void *cmariadb_library;
static pthread_once_t cmariadb_once = PTHREAD_ONCE_INIT;

#define LOAD_FUNCTION(type, name, parameters, arguments, missing) \
    p_##name = (type(*) parameters)dlsym(cmariadb_library, #name);
#define LOAD_PROCEDURE(name, parameters, arguments) p_##name = (void(*) parameters)dlsym(cmariadb_library, #name);

static void cmariadb_load(void) {
    cmariadb_library = dlopen("libmariadb.so.3", RTLD_NOW | RTLD_LOCAL);
    if (cmariadb_library == NULL) cmariadb_library = dlopen("libmariadb.so", RTLD_NOW | RTLD_LOCAL);
    if (cmariadb_library == NULL) return;
    MARIADB_FUNCTIONS(LOAD_FUNCTION, LOAD_PROCEDURE)
}

int cmariadb_available(void) {
    pthread_once(&cmariadb_once, cmariadb_load);
    return cmariadb_library != NULL && p_mysql_init != NULL && p_mysql_real_connect != NULL;
}

#define DEFINE_FUNCTION(type, name, parameters, arguments, missing) \
    type name parameters { return cmariadb_available() && p_##name != NULL ? p_##name arguments : missing; }
#define DEFINE_PROCEDURE(name, parameters, arguments) \
    void name parameters { \
        if (cmariadb_available() && p_##name != NULL) p_##name arguments; \
    }
MARIADB_FUNCTIONS(DEFINE_FUNCTION, DEFINE_PROCEDURE)

void cmariadb_set_connection_options(MYSQL *mysql, unsigned int connect_timeout, unsigned int socket_timeout, int ssl) {
    mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &socket_timeout);
    mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &socket_timeout);
    mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (ssl) {
        my_bool enforce = 1;
        my_bool verify = 0;
        mysql_options(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce);
        mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
    }
}

void cmariadb_enable_local_infile(MYSQL *mysql) {
    unsigned int enable = 1;
    mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &enable);
}
