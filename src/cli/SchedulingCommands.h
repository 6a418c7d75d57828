// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Commands.h"

namespace taskorch::cli {

TASKORCH_COMMAND(CriticalPathCommand, "critical-path", "Critical path: dates, slack and driving predecessors.")
TASKORCH_COMMAND(ExplainCommand, "explain", "Why a task is or is not critical, with its driving chain.")
TASKORCH_COMMAND(PlanCommand, "plan", "Parallel plan with at most K tasks at once (flow and groups).")
TASKORCH_COMMAND(ExecStartGroupCommand, "exec start-group", "Start an execution group.")
TASKORCH_COMMAND(ExecStartTaskCommand, "exec start-task", "Start a task of a running group.")
TASKORCH_COMMAND(ExecCompleteTaskCommand, "exec complete-task", "Complete a running task of a group.")
TASKORCH_COMMAND(ExecFailTaskCommand, "exec fail-task", "Mark a running task of a group failed.")
TASKORCH_COMMAND(ExecLogCommand, "exec log", "The execution log, of one group or all.")

} // namespace taskorch::cli
