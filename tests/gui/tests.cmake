taskorch_add_test(gui MainWindow)
