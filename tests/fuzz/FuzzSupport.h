// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace taskorch::fuzz {

/// Creates the process's one QCoreApplication (QSqlDatabase needs it) and silences Qt's debug and warning messages
/// unless TASKORCH_FUZZ_VERBOSE is set. Call from LLVMFuzzerInitialize; later calls do nothing.
void initialise();

/// A folder for this process's files, created on first use and removed when the process exits normally.
const QString &scratchFolder();

/// Prints a broken invariant and aborts, so that libFuzzer keeps the input as a crash.
[[noreturn]] void fail(const char *file, int line, const char *condition, const QString &detail);

} // namespace taskorch::fuzz

/// Checks an invariant of the code under test; on failure prints the condition and `detail` (a QString) and aborts.
#define FUZZ_CHECK(condition, detail)                                                                                  \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            ::taskorch::fuzz::fail(__FILE__, __LINE__, #condition, (detail));                                          \
        }                                                                                                              \
    } while (false)
