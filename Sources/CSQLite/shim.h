// The system SQLite (Debian: libsqlite3-dev; macOS: part of the SDK).
#include <sqlite3.h>
