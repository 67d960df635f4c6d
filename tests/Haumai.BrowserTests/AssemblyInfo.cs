// One Chromium and one Kestrel at a time: the machines have two cores, and a browser test that
// waits for a live update must not be starved by another class's browser.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
