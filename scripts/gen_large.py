"""bench/gen.py with every pyarrow string column a large string, for sizes whose columns
pass 2 GiB.

At XL (2*10^8 audience rows) bench/gen.py stops with pyarrow's "Result may exceed offset
capacity": its string columns have 32-bit offsets. Given the same arguments, this writes the
same bytes (checked at M against bench/gen.py's own output), so that `make bench SIZES=XL`
can make its data on a fresh machine.

    python3 scripts/gen_large.py PATH/TO/bench/gen.py --edges N --audience M --name XL --out DIR
"""
import runpy
import sys

import pyarrow
import pyarrow.compute

# Every string type gen.py asks for becomes one with 64-bit offsets (its writer reads
# both), and so do the Python strings it passes to the two kernels that mix them in.
pyarrow.string = pyarrow.large_string
pyarrow.utf8 = pyarrow.large_string


def _large(kernel):
    def call(*args, **options):
        return kernel(*[pyarrow.scalar(a, pyarrow.large_string()) if isinstance(a, str) else a
                        for a in args], **options)
    return call


pyarrow.compute.binary_join_element_wise = _large(pyarrow.compute.binary_join_element_wise)
pyarrow.compute.if_else = _large(pyarrow.compute.if_else)

if __name__ == "__main__":
    generator = sys.argv[1]
    sys.argv = [generator] + sys.argv[2:]
    runpy.run_path(generator, run_name="__main__")
