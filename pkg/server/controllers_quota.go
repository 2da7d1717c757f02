package server

import (
	"context"

	"github.com/kapi-dev/kapi/pkg/controller/resourcequota"
)

// Worker counts, kube-controller-manager's defaults.
const (
	// resourceQuotaSyncs is --concurrent-resource-quota-syncs.
	resourceQuotaSyncs = 5
)

func startResourceQuotaController(c controllerContext) (func(context.Context), error) {
	ctrl, err := resourcequota.New(c.client, c.metadata, c.informers)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, resourceQuotaSyncs) }, nil
}
