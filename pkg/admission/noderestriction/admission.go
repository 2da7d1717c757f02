// Package noderestriction is kube-apiserver's NodeRestriction admission plugin: it narrows what the
// Node authorizer lets every kubelet write to what concerns its own node. A node may change only
// its own Node object (never its taints, its owner references or labels outside the kubelet's
// set), create only mirror pods bound to itself that reference no other API object, update the
// status of, delete and evict only pods bound to itself, ask for tokens only bound to its pods, and
// write only its own Lease, CSINode, ResourceSlices and node certificate requests, and ask for pod
// certificates only for its pods.
package noderestriction

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/client-go/informers"
	corev1listers "k8s.io/client-go/listers/core/v1"
	storagev1listers "k8s.io/client-go/listers/storage/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/kapi-dev/kapi/pkg/auth/nodeidentity"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "NodeRestriction"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update, admission.Delete)}, nil
	})
}

type plugin struct {
	*admission.Handler
	pods       corev1listers.PodLister
	nodes      corev1listers.NodeLister
	claims     corev1listers.PersistentVolumeClaimLister
	volumes    corev1listers.PersistentVolumeLister
	csiDrivers storagev1listers.CSIDriverLister
	accounts   corev1listers.ServiceAccountLister
	authz      authorizer.Authorizer
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ admission.InitializationValidator            = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
	_ initializer.WantsAuthorizer                  = &plugin{}
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	core, storage := f.Core().V1(), f.Storage().V1()
	p.pods, p.nodes = core.Pods().Lister(), core.Nodes().Lister()
	p.claims, p.volumes = core.PersistentVolumeClaims().Lister(), core.PersistentVolumes().Lister()
	p.csiDrivers, p.accounts = storage.CSIDrivers().Lister(), core.ServiceAccounts().Lister()
	synced := []cache.InformerSynced{core.Pods().Informer().HasSynced, core.Nodes().Informer().HasSynced,
		core.PersistentVolumeClaims().Informer().HasSynced, core.PersistentVolumes().Informer().HasSynced,
		storage.CSIDrivers().Informer().HasSynced, core.ServiceAccounts().Informer().HasSynced}
	p.SetReadyFunc(func() bool {
		for _, s := range synced {
			if !s() {
				return false
			}
		}
		return true
	})
}

func (p *plugin) SetAuthorizer(a authorizer.Authorizer) { p.authz = a }

func (p *plugin) ValidateInitialization() error {
	if p.pods == nil || p.nodes == nil {
		return fmt.Errorf("%s requires a pod and a node lister", PluginName)
	}
	if p.authz == nil {
		return fmt.Errorf("%s requires an authorizer", PluginName)
	}
	return nil
}

var (
	podsResource            = corev1.Resource("pods")
	nodesResource           = corev1.Resource("nodes")
	claimsResource          = corev1.Resource("persistentvolumeclaims")
	serviceAccountsResource = corev1.Resource("serviceaccounts")
	leasesResource          = schema.GroupResource{Group: "coordination.k8s.io", Resource: "leases"}
	csiNodesResource        = schema.GroupResource{Group: "storage.k8s.io", Resource: "csinodes"}
	slicesResource          = schema.GroupResource{Group: "resource.k8s.io", Resource: "resourceslices"}
	csrsResource            = schema.GroupResource{Group: "certificates.k8s.io", Resource: "certificatesigningrequests"}
	certRequestsResource    = schema.GroupResource{Group: "certificates.k8s.io", Resource: "podcertificaterequests"}
)

// Admit restricts the writes of nodes; everyone else's pass untouched.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	node, isNode := nodeidentity.Of(a.GetUserInfo())
	if !isNode {
		return nil
	}
	if node == "" {
		return forbidden(a, "could not determine node from user %q", a.GetUserInfo().GetName())
	}
	if !p.WaitForReady() {
		return admission.NewForbidden(a, errors.New("not yet ready to handle request"))
	}
	switch a.GetResource().GroupResource() {
	case podsResource:
		switch a.GetSubresource() {
		case "":
			return p.admitPod(node, a)
		case "status":
			return admitPodStatus(node, a)
		case "eviction":
			return p.admitEviction(node, a)
		default:
			return forbidden(a, "unexpected pod subresource %q, only 'status' and 'eviction' are allowed", a.GetSubresource())
		}
	case nodesResource:
		return admitNode(node, a)
	case claimsResource:
		if a.GetSubresource() != "status" {
			return forbidden(a, "may only update PVC status")
		}
		return admitClaimStatus(node, a)
	case serviceAccountsResource:
		return p.admitToken(ctx, node, a)
	case leasesResource:
		return admitLease(node, a)
	case csiNodesResource:
		return admitOwnNamed(node, a, "can only access CSINode with the same name as the requesting node")
	case slicesResource:
		return admitResourceSlice(node, a)
	case csrsResource:
		return admitCSR(node, a)
	case certRequestsResource:
		return p.admitPodCertificateRequest(node, a)
	}
	return nil
}

// forbidden is admission.NewForbidden with a formatted reason.
func forbidden(a admission.Attributes, format string, args ...any) error {
	return admission.NewForbidden(a, fmt.Errorf(format, args...))
}

// unexpectedType refuses an object of a type the plugin cannot read.
func unexpectedType(a admission.Attributes, obj any) error {
	return forbidden(a, "unexpected type %T", obj)
}
