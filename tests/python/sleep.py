# Sleeps: time.sleep and the clocks around it.
import time
t0 = time.monotonic()
for _ in range(5):
    time.sleep(0.02)
slept = time.monotonic() - t0
print("slept at least 0.1 s:", slept >= 0.1, "and under 5 s:", slept < 5)
print("wall clock after 2020:", time.time() > 1577836800)
