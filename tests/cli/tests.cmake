taskorch_add_test(cli CliApp)
# The test runs the real binary once (TASKORCH_CLI): build it with the test.
add_dependencies(tst_cli_CliApp taskorch-cli)
taskorch_add_test(cli ImportLegacyCommand)
taskorch_add_test(cli ExportCommand)
taskorch_add_test(cli DatabaseFiles)
add_dependencies(tst_cli_DatabaseFiles taskorch-cli)
taskorch_add_test(cli HostileArguments)
add_dependencies(tst_cli_HostileArguments taskorch-cli)
