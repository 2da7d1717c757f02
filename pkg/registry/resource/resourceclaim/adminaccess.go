package resourceclaim

import (
	"context"
	"fmt"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
)

// AuthorizeAdminAccess refuses the first request of requests that asks for admin access to
// devices, unless the namespace carries the resource.kubernetes.io/admin-access=true label. Admin
// access reaches devices already in use, so only namespaces an administrator marked may have it.
// The error names the request at spec.devices.requests, as kube-apiserver does for claim
// templates too, whose requests are under spec.spec.
func AuthorizeAdminAccess(ctx context.Context, namespaces corev1client.NamespaceInterface, namespace string, requests []resourcev1.DeviceRequest) field.ErrorList {
	for i, request := range requests {
		if request.Exactly != nil && request.Exactly.AdminAccess != nil && *request.Exactly.AdminAccess {
			return checkAdminNamespace(ctx, namespaces, namespace, field.NewPath("spec", "devices", "requests").Index(i).Child("exactly", "adminAccess"))
		}
	}
	return nil
}

// authorizeAdminAccessStatus is AuthorizeAdminAccess for an allocation that grants admin access,
// unless the stored allocation already did.
func authorizeAdminAccessStatus(ctx context.Context, namespaces corev1client.NamespaceInterface, namespace string, results, oldResults []resourcev1.DeviceRequestAllocationResult) field.ErrorList {
	if adminAccessResult(oldResults) >= 0 {
		return nil
	}
	i := adminAccessResult(results)
	if i < 0 {
		return nil
	}
	return checkAdminNamespace(ctx, namespaces, namespace, field.NewPath("status", "allocation", "devices", "results").Index(i).Child("adminAccess"))
}

func adminAccessResult(results []resourcev1.DeviceRequestAllocationResult) int {
	for i, r := range results {
		if r.AdminAccess != nil && *r.AdminAccess {
			return i
		}
	}
	return -1
}

func checkAdminNamespace(ctx context.Context, namespaces corev1client.NamespaceInterface, namespace string, fldPath *field.Path) field.ErrorList {
	ns, err := namespaces.Get(ctx, namespace, metav1.GetOptions{})
	if err != nil {
		return field.ErrorList{field.InternalError(fldPath, fmt.Errorf("could not retrieve namespace to verify admin access: %w", err))}
	}
	if ns.Labels[resourcev1.DRAAdminNamespaceLabelKey] != "true" {
		return field.ErrorList{field.Forbidden(fldPath, fmt.Sprintf("admin access to devices requires the `%s: true` label on the containing namespace", resourcev1.DRAAdminNamespaceLabelKey))}
	}
	return nil
}
