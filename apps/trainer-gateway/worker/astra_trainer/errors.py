"""Errors that map to the protocol's error codes."""


class WorkerError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def bad_request(message: str) -> WorkerError:
    return WorkerError("BAD_REQUEST", message)


def data_error(message: str) -> WorkerError:
    return WorkerError("DATA", message)


def state_error(message: str) -> WorkerError:
    return WorkerError("STATE", message)
