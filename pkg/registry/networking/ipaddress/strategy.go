// Package ipaddress implements the strategy and table columns of networking.k8s.io/v1 IPAddresses,
// the objects that record which Service (or other parent) holds an IP address.
package ipaddress

import (
	"context"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/networking/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of IPAddresses.
var Strategy = strategy{basestrategy.ClusterScoped}

// GenerateName returns base unchanged: an IPAddress is named by its address, so a generateName is
// taken as the whole name, as upstream does, and validated like one.
func (strategy) GenerateName(base string) string { return base }

// PrepareForCreate does nothing: IPAddresses have no status.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: IPAddresses have no status.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new IPAddress.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateIPAddress(obj.(*networkingv1.IPAddress))
}

// ValidateUpdate checks an updated IPAddress as a whole, then the change.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	ip, oldIP := obj.(*networkingv1.IPAddress), old.(*networkingv1.IPAddress)
	return append(validation.ValidateIPAddress(ip), validation.ValidateIPAddressUpdate(ip, oldIP)...)
}
