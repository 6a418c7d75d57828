// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TaskService.h"

namespace taskorch::storage {

/// A 40-task example plan in the shape of the legacy tracker's own roadmap: four phases, a dozen component
/// areas, parallel chains that join, a clear critical chain, a diamond, subtasks, progress and comments of
/// every type. Loaded through TaskService, so it obeys every rule a user's data does.
class DemoProject
{
public:
    /// Loads the demo into `service`'s database in one transaction. Refuses a database that already has tasks.
    static Status load(TaskService &service);
    static constexpr int taskCount = 40;
};

} // namespace taskorch::storage
