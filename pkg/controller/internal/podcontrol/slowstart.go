package podcontrol

import "sync"

// SlowStartInitialBatchSize is the first batch of SlowStartBatch that controllers use, so that a
// template the API server refuses costs one failed request rather than hundreds.
const SlowStartInitialBatchSize = 1

// SlowStartBatch calls fn count times in parallel batches, the first of initialBatchSize calls
// and each next one twice as large, and stops after the first batch in which a call failed. fn is
// given the call's ordinal, from 0 to count-1. It returns how many calls succeeded, and the error of
// one that failed.
func SlowStartBatch(count, initialBatchSize int, fn func(i int) error) (int, error) {
	successes, started := 0, 0
	for batch := min(count, initialBatchSize); batch > 0; batch = min(2*batch, count-started) {
		errs := make(chan error, batch)
		var wg sync.WaitGroup
		for i := started; i < started+batch; i++ {
			wg.Go(func() {
				if err := fn(i); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		started += batch
		successes += batch - len(errs)
		if len(errs) > 0 {
			return successes, <-errs
		}
	}
	return successes, nil
}
