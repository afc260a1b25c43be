"""Run one recorded job in a separate process, as a worker would, with a slow mail server, so that a test can kill it
with SIGKILL half-way. Usage: python -m tests.faults.kill_target DATABASE_URL JOB_ID"""

from __future__ import annotations

import sys
import time

from config import TestingConfig


def main(database_url: str, job_id: int) -> None:
    from learning_hub import create_app, email, jobs

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(Config)
    inner = email.deliver

    def slow_deliver(message):
        time.sleep(0.05)  # a slow SMTP server: the kill lands between two recipients, or during a send
        inner(message)

    email.deliver = slow_deliver
    with app.app_context():
        print("started", flush=True)
        jobs.run_job(job_id)
    print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
