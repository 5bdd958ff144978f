"""Tooling that measures the product and is not part of it: the benchmark (bench/), the meeting
screen's soak, scaled warehouses, the ballot box's cost, and the browser helpers the browser
tests, benchmark and soak share."""
