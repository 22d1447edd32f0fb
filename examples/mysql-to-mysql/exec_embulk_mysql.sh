#!/bin/bash
# Runs the transfer with the connection settings in connection.sh (written by
# scripts/run-sample-etl; the user's original script exported them here directly).
set -euo pipefail
cd "$(dirname "$0")"
if [ -f connection.sh ]; then . ./connection.sh; fi

# Set environment variables (defaults for a local MariaDB)
export mysql_host="${mysql_host:-127.0.0.1}"
export mysql_port="${mysql_port:-3306}"
export mysql_user="${mysql_user:-etl}"
export mysql_password="${mysql_password:-etl-password}"
export mysql_database="${mysql_database:-event_auto_insert}"
export mysql_out_database="${mysql_out_database:-event_summary}"

# embulk_mysql_mysql.yml.liquid (digdag's built-in embulk when no Embulk is installed)
embulk run embulk_mysql_mysql.yml.liquid
