print("tlbench")
