package kubernetesservice

import (
	"context"
	"path"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
)

// LeasesKey is where, below the storage prefix, kube-apiserver keeps one key per running API server,
// named after its advertised IP, holding an Endpoints object and expiring unless refreshed.
const LeasesKey = "/masterleases"

// Leases are the API servers' leases in storage.
type Leases struct {
	storage storage.Interface
	ttl     time.Duration
}

// NewLeases returns the leases over a storage client of their own, with ttl, and the function that
// closes the client.
func NewLeases(optsGetter generic.RESTOptionsGetter, ttl time.Duration) (*Leases, func(), error) {
	opts, err := optsGetter.GetRESTOptions(corev1.Resource("endpoints"), &corev1.Endpoints{})
	if err != nil {
		return nil, nil, err
	}
	s, destroy, err := generic.NewRawStorage(opts.StorageConfig,
		func() runtime.Object { return &corev1.Endpoints{} },
		func() runtime.Object { return &corev1.EndpointsList{} }, LeasesKey)
	if err != nil {
		return nil, nil, err
	}
	return &Leases{storage: s, ttl: ttl}, destroy, nil
}

// Update creates or refreshes the lease of ip, which then expires after the TTL unless refreshed again.
func (l *Leases) Update(ctx context.Context, ip string) error {
	ttl := uint64(l.ttl / time.Second)
	return l.storage.GuaranteedUpdate(ctx, path.Join(LeasesKey, ip), &corev1.Endpoints{}, true, nil,
		func(input runtime.Object, _ storage.ResponseMeta) (runtime.Object, *uint64, error) {
			lease := input.(*corev1.Endpoints)
			lease.Subsets = []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: ip}}}}
			// An unchanged object is not written, and only a write renews the TTL.
			lease.Generation++
			return lease, &ttl, nil
		}, nil)
}

// Remove deletes the lease of ip.
func (l *Leases) Remove(ctx context.Context, ip string) error {
	err := l.storage.Delete(ctx, path.Join(LeasesKey, ip), &corev1.Endpoints{}, nil, rest.ValidateAllObjectFunc, nil, storage.DeleteOptions{})
	if storage.IsNotFound(err) {
		return nil
	}
	return err
}

// List returns the IPs that hold a lease, sorted.
func (l *Leases) List(ctx context.Context) ([]string, error) {
	list := &corev1.EndpointsList{}
	opts := storage.ListOptions{
		ResourceVersion:      "0",
		ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan,
		Predicate:            storage.Everything,
		Recursive:            true,
	}
	if err := l.storage.GetList(ctx, LeasesKey, opts, list); err != nil {
		return nil, err
	}
	var ips []string
	for _, lease := range list.Items {
		if len(lease.Subsets) > 0 && len(lease.Subsets[0].Addresses) > 0 && lease.Subsets[0].Addresses[0].IP != "" {
			ips = append(ips, lease.Subsets[0].Addresses[0].IP)
		}
	}
	slices.Sort(ips)
	return ips, nil
}
