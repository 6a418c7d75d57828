# SPDX-License-Identifier: GPL-3.0-or-later
# One interface target carries warnings and sanitizers; every project target links it PRIVATE.
add_library(taskorch_build_flags INTERFACE)
target_compile_options(taskorch_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
    # Designated initializers (the column declarations) leave optional fields out on purpose.
    -Wno-missing-field-initializers)
if(TASKORCH_WARNINGS_AS_ERRORS)
    target_compile_options(taskorch_build_flags INTERFACE -Werror)
endif()
if(TASKORCH_SANITIZERS)
    target_compile_options(taskorch_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(taskorch_build_flags INTERFACE -fsanitize=address,undefined)
endif()
