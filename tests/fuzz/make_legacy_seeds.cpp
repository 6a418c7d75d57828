// SPDX-License-Identifier: GPL-3.0-or-later
// Writes one small legacy tracker file per SQL script, as seeds for fuzz_LegacyImporter:
//   fuzz_make_legacy_seeds <output folder> <script.sql>...   writes <output folder>/<script>.db
// Pages of 512 bytes keep the files small, which is what lets libFuzzer mutate them quickly.
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

bool run(sqlite3 *db, const std::string &sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "fuzz_make_legacy_seeds: %s\n", error ? error : "unknown error");
        sqlite3_free(error);
        return false;
    }
    return true;
}

bool writeSeed(const std::string &script, const std::string &folder)
{
    std::ifstream in(script);
    if (!in) {
        std::fprintf(stderr, "fuzz_make_legacy_seeds: cannot read %s\n", script.c_str());
        return false;
    }
    std::stringstream sql;
    sql << in.rdbuf();

    std::string name = script.substr(script.find_last_of('/') + 1);
    name = name.substr(0, name.find_last_of('.'));
    const std::string path = folder + "/" + name + ".db";
    std::remove(path.c_str());
    sqlite3 *db = nullptr;
    bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK;
    ok = ok && run(db, "PRAGMA page_size = 512;") && run(db, sql.str()) && run(db, "VACUUM;");
    sqlite3_close(db);
    if (ok) {
        std::printf("%s\n", path.c_str());
    }
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <output folder> <script.sql>...\n", argv[0]);
        return 2;
    }
    bool ok = true;
    for (int i = 2; i < argc; ++i) {
        ok = writeSeed(argv[i], argv[1]) && ok;
    }
    return ok ? 0 : 1;
}
