package apigroup

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"
)

// RetryUntilServing calls fn until it succeeds or ctx ends, for post-start hooks that write through
// the server: right after start the server may still refuse requests while its storage and admission
// informers warm up.
func RetryUntilServing(ctx context.Context, fn func(context.Context) error) error {
	var lastErr error
	err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		lastErr = fn(ctx)
		if lastErr != nil {
			klog.V(2).InfoS("Retrying", "err", lastErr)
		}
		return lastErr == nil, nil
	})
	if err != nil && lastErr != nil {
		return lastErr
	}
	return err
}
