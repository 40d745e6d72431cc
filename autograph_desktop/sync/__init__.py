"""Sign-in and sync of the local library with the AutoGraph server (see README: Syncing the desktop).

    account.py   sign in / register / refresh / sign out; tokens.py keeps the refresh token
    engine.py    one round: push the outbox (batches.py), pull after the cursor, apply (rebase.py, applier.py)
    worker.py    the background thread: when to run rounds, backoff, status
    state.py     where sync stands, in the library file; roundlock.py one round at a time per library
    folders.py   which folders sync; seed.py first uploads; blobs.py images by hash; synclog.py the log
    context.py   all of it wired for one library (the GUI and the CLI use it)
"""
