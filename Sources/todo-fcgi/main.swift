print("todo-fcgi")
