// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Convenience header: every value type of the data model (SPEC.md §3–§4).
#include "ExecutionGroup.h"
#include "ExecutionLogEntry.h"
#include "GroupTask.h"
#include "Task.h"
#include "TaskComment.h"
#include "TaskDependency.h"
#include "TaskProgress.h"
