-- The connector's replication user, as the stack's MariaDB recipe creates it (libs/stack mariadb.ts).
CREATE USER IF NOT EXISTS 'debezium'@'%' IDENTIFIED BY 'debezium';
GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR, REPLICA MONITOR ON *.* TO 'debezium'@'%';
