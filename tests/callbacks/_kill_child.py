"""The child of the SIGKILL test: `kerasgan train` in a process forked from a warm server.

It reports the global step it has finished through a shared integer, so the
parent can kill it at a known point and check how much work was lost.
"""


def run_train(argv, done, finished):
    from kerasgan import cli
    from kerasgan.callbacks import checkpoint

    original = checkpoint.Checkpoint.on_train_batch_end

    def on_train_batch_end(self, batch, logs=None):
        original(self, batch, logs)
        done.value = self._global

    checkpoint.Checkpoint.on_train_batch_end = on_train_batch_end
    finished.value = 100 + cli.main(argv)
