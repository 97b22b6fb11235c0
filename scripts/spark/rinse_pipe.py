"""Runs rinse's filter mode under Spark with RDD.pipe: every line of INPUT (JSONL
with `html` or `text`, e.g. from `rinse --raw-html crawl.warc.gz`) goes through
`rinse --input-format jsonl -q -` on the executors; the cleaned JSONL is saved
under OUTPUT (one part file per partition).

    python rinse_pipe.py INPUT OUTPUT [--rinse PATH] [--master local[2]] [--partitions N]

With spark-submit on a cluster, `--rinse` names the binary as the executors
see it (installed on every node, or shipped with `--files` and named `./rinse`).
"""
import argparse
import shlex
import time

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--rinse", default="rinse")
    ap.add_argument("--master", default=None)
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()

    builder = (SparkSession.builder.appName("rinse-pipe")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    start = time.time()
    lines = spark.sparkContext.textFile(args.input, minPartitions=args.partitions)
    command = "%s --input-format jsonl -q -" % shlex.quote(args.rinse)
    # checkCode: a rinse that exits non-zero fails the task (record errors do not:
    # they are output lines with an `error` field).
    cleaned = lines.pipe(command, checkCode=True)
    cleaned.saveAsTextFile(args.output)
    print("rinse_pipe: %d partitions piped through %s in %.1f s"
          % (lines.getNumPartitions(), command, time.time() - start))
    spark.stop()


if __name__ == "__main__":
    main()
