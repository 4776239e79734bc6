# The two commands that do everything on a fresh machine are `make demo` and `make test`.
.PHONY: demo test bench setup build broker-start broker-stop broker-status clean

demo:            ## install, start the local broker, run the daemon on sample news, show alerts
	scripts/demo.sh

test:            ## the whole test suite, against a real local broker
	scripts/test.sh

bench:           ## the end-to-end throughput benchmark (see BENCHMARKS.md)
	scripts/bench.sh

setup:
	scripts/setup.sh

build:
	swift build

broker-start:
	scripts/broker.sh start

broker-stop:
	scripts/broker.sh stop

broker-status:
	scripts/broker.sh status

clean:
	scripts/broker.sh stop; rm -rf .build .run
