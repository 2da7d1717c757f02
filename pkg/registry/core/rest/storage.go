// Package rest assembles the legacy core group (/api/v1): the storage of every core resource kapi
// serves, and the hooks that keep the service network and the system namespaces.
package rest

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/kubernetes"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/controller/legacytokentracking"
	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
	"github.com/kapi-dev/kapi/pkg/proxytransport"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	"github.com/kapi-dev/kapi/pkg/registry/core/componentstatus"
	configmapstore "github.com/kapi-dev/kapi/pkg/registry/core/configmap/storage"
	endpointsstore "github.com/kapi-dev/kapi/pkg/registry/core/endpoint/storage"
	eventstore "github.com/kapi-dev/kapi/pkg/registry/core/event/storage"
	limitrangestore "github.com/kapi-dev/kapi/pkg/registry/core/limitrange/storage"
	namespacestore "github.com/kapi-dev/kapi/pkg/registry/core/namespace/storage"
	nodestore "github.com/kapi-dev/kapi/pkg/registry/core/node/storage"
	pvstore "github.com/kapi-dev/kapi/pkg/registry/core/persistentvolume/storage"
	pvcstore "github.com/kapi-dev/kapi/pkg/registry/core/persistentvolumeclaim/storage"
	podstore "github.com/kapi-dev/kapi/pkg/registry/core/pod/storage"
	podtemplatestore "github.com/kapi-dev/kapi/pkg/registry/core/podtemplate/storage"
	rcstore "github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller/storage"
	quotastore "github.com/kapi-dev/kapi/pkg/registry/core/resourcequota/storage"
	secretstore "github.com/kapi-dev/kapi/pkg/registry/core/secret/storage"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
	serviceaccountstore "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
	"github.com/kapi-dev/kapi/pkg/registry/proxyrest"
)

// proxyTimeout bounds dialing pods and services for the proxy subresources, and waiting for their
// answer's headers.
const proxyTimeout = 30 * time.Second

// systemNamespaces exist on every cluster; NamespaceLifecycle admission refuses to delete them.
var systemNamespaces = []string{metav1.NamespaceDefault, metav1.NamespaceSystem, metav1.NamespacePublic, corev1.NamespaceNodeLease}

// Provider builds the core group.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
	// EventTTL is how long an event lives after its last write (--event-ttl).
	EventTTL time.Duration
	// ServiceNetwork hands out cluster IPs and node ports to services and keeps the kubernetes service.
	ServiceNetwork *ServiceNetwork
	// ServiceAccountTokens configures serviceaccounts/token.
	ServiceAccountTokens serviceaccountstore.TokenConfig
	// Client is the server's loopback client, a member of system:masters, for the hooks; pods/eviction
	// reads and updates the budgets covering a pod through it.
	Client kubernetes.Interface
	// EndpointsClient is Client without warnings, for the kubernetes service's v1 Endpoints, which
	// kapi keeps on purpose.
	EndpointsClient kubernetes.Interface
	// Components are the control-plane components componentstatuses reports, by name.
	Components map[string]componentstatus.Check
	// Authorizer decides whether a WebSocket client of pods/exec, attach or portforward may also
	// create them.
	Authorizer authorizer.Authorizer
	// Kubelet is how to reach kubelets (--kubelet-*).
	Kubelet kubeletclient.Config
	// MaxConnectionBytesPerSec throttles each upgraded connection of the proxy, exec, attach and
	// portforward subresources; 0 leaves them unthrottled (--max-connection-bytes-per-sec).
	MaxConnectionBytesPerSec int64
	// ProxyAddressFilter decides which addresses nodes/proxy, pods/proxy and services/proxy may reach.
	ProxyAddressFilter proxyaddress.Filter
	// ProxyDial, if set, opens the connections of the proxy subresources to pods, services and node
	// ports other than the kubelet's.
	ProxyDial proxytransport.DialFunc

	backends proxyrest.Backends
}

// GroupName is the legacy core group's: "".
func (p Provider) GroupName() string { return corev1.GroupName }

// NewRESTStorage returns the core resources that resources enables. Resources built together share
// one entry: deleting a service deletes its endpoints.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	kubelets, err := kubeletclient.New(p.Kubelet, nodeGetter{p.Client.CoreV1().Nodes()})
	if err != nil {
		return genericapiserver.APIGroupInfo{}, err
	}
	p.backends = proxyrest.Backends{
		Kubelets:       kubelets,
		ProxyTransport: proxytransport.New(&tls.Config{InsecureSkipVerify: true}, proxyTimeout, p.ProxyDial),
		AddressFilter:  p.ProxyAddressFilter,
		Limits:         proxyrest.Limits{HandshakeTimeout: p.Kubelet.Timeout, MaxBytesPerSec: p.MaxConnectionBytesPerSec},
	}
	b := apigroup.NewBuilder(corev1.GroupName, resources)
	v1 := corev1.SchemeGroupVersion
	b.Add(v1, "namespaces", p.namespaces)
	b.Add(v1, "pods", p.pods)
	b.Add(v1, "services", p.servicesAndEndpoints)
	b.Add(v1, "nodes", p.nodes)
	b.Add(v1, "replicationcontrollers", p.replicationControllers)
	b.Add(v1, "configmaps", p.configMaps)
	b.Add(v1, "secrets", p.secrets)
	b.Add(v1, "podtemplates", p.podTemplates)
	b.Add(v1, "limitranges", p.limitRanges)
	b.Add(v1, "resourcequotas", p.resourceQuotas)
	b.Add(v1, "persistentvolumes", p.persistentVolumes)
	b.Add(v1, "persistentvolumeclaims", p.persistentVolumeClaims)
	b.Add(v1, "events", p.events)
	b.Add(v1, "serviceaccounts", p.serviceAccounts)
	b.Add(v1, "componentstatuses", func() (map[string]rest.Storage, error) {
		return map[string]rest.Storage{"componentstatuses": componentstatus.NewREST(p.Components)}, nil
	})
	info, err := b.Result()
	if err != nil {
		return info, err
	}
	// serviceaccounts/token reads the service accounts and the pods, nodes and secrets that tokens are
	// bound to from the group's own storage.
	if storage := info.VersionedResourcesStorageMap[v1.Version]; storage["serviceaccounts"] != nil {
		err = serviceaccountstore.AddTokenREST(storage, p.ServiceAccountTokens)
	}
	return info, err
}

// Hooks keep the service network, the system namespaces and the legacy token tracking, under
// kube-apiserver's hook names.
func (p Provider) Hooks() apigroup.Hooks {
	hooks := p.ServiceNetwork.hooks(p.Client, p.EndpointsClient)
	hooks.PostStart = append(hooks.PostStart,
		apigroup.PostStartHook{Name: "create-system-namespaces", Hook: p.createSystemNamespaces},
		apigroup.PostStartHook{Name: "start-legacy-token-tracking-controller", Hook: legacytokentracking.PostStartHook(p.Client)},
	)
	return hooks
}

// createSystemNamespaces creates the system namespaces that do not exist yet; /readyz fails until it
// has.
func (p Provider) createSystemNamespaces(ctx genericapiserver.PostStartHookContext) error {
	for _, name := range systemNamespaces {
		err := apigroup.RetryUntilServing(ctx, func(ctx context.Context) error {
			_, err := p.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
			if apierrors.IsAlreadyExists(err) {
				return nil
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("creating namespace %s: %w", name, err)
		}
	}
	return nil
}

func (p Provider) namespaces() (map[string]rest.Storage, error) {
	main, status, finalize, err := namespacestore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"namespaces": main, "namespaces/status": status, "namespaces/finalize": finalize}, nil
}

func (p Provider) pods() (map[string]rest.Storage, error) {
	s, err := podstore.NewStorage(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	kubelet := podstore.NewKubeletStorage(s.Pod, p.backends, p.Authorizer)
	return map[string]rest.Storage{
		"pods":                     s.Pod,
		"pods/status":              s.Status,
		"pods/binding":             s.Binding,
		"bindings":                 s.LegacyBinding,
		"pods/ephemeralcontainers": s.EphemeralContainers,
		"pods/resize":              s.Resize,
		"pods/eviction":            podstore.NewEvictionREST(s.Pod.Store, p.Client.PolicyV1()),
		"pods/log":                 kubelet.Log,
		"pods/exec":                kubelet.Exec,
		"pods/attach":              kubelet.Attach,
		"pods/portforward":         kubelet.PortForward,
		"pods/proxy":               kubelet.Proxy,
	}, nil
}

// servicesAndEndpoints are built together: deleting a service deletes its endpoints.
func (p Provider) servicesAndEndpoints() (map[string]rest.Storage, error) {
	endpoints, err := endpointsstore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	s, err := servicestore.NewStorage(p.RESTOptionsGetter, p.ServiceNetwork.Allocators, endpoints)
	if err != nil {
		return nil, err
	}
	proxy := servicestore.NewProxyREST(s.Service, endpoints, podGetter{p.Client.CoreV1()}, p.backends)
	return map[string]rest.Storage{"services": s.Service, "services/status": s.Status, "services/proxy": proxy, "endpoints": endpoints}, nil
}

func (p Provider) nodes() (map[string]rest.Storage, error) {
	s, err := nodestore.NewStorage(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	proxy := nodestore.NewProxyREST(s.Node, p.backends)
	return map[string]rest.Storage{"nodes": s.Node, "nodes/status": s.Status, "nodes/proxy": proxy}, nil
}

func (p Provider) replicationControllers() (map[string]rest.Storage, error) {
	s, err := rcstore.NewStorage(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{
		"replicationcontrollers":        s.Controller,
		"replicationcontrollers/status": s.Status,
		"replicationcontrollers/scale":  s.Scale,
	}, nil
}

func (p Provider) configMaps() (map[string]rest.Storage, error) {
	s, err := configmapstore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"configmaps": s}, nil
}

func (p Provider) secrets() (map[string]rest.Storage, error) {
	s, err := secretstore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"secrets": s}, nil
}

func (p Provider) podTemplates() (map[string]rest.Storage, error) {
	s, err := podtemplatestore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"podtemplates": s}, nil
}

func (p Provider) limitRanges() (map[string]rest.Storage, error) {
	s, err := limitrangestore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"limitranges": s}, nil
}

func (p Provider) resourceQuotas() (map[string]rest.Storage, error) {
	s, status, err := quotastore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"resourcequotas": s, "resourcequotas/status": status}, nil
}

func (p Provider) persistentVolumes() (map[string]rest.Storage, error) {
	s, status, err := pvstore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"persistentvolumes": s, "persistentvolumes/status": status}, nil
}

func (p Provider) persistentVolumeClaims() (map[string]rest.Storage, error) {
	s, status, err := pvcstore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"persistentvolumeclaims": s, "persistentvolumeclaims/status": status}, nil
}

func (p Provider) events() (map[string]rest.Storage, error) {
	s, err := eventstore.NewREST(p.RESTOptionsGetter, p.EventTTL)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"events": s}, nil
}

func (p Provider) serviceAccounts() (map[string]rest.Storage, error) {
	s, err := serviceaccountstore.NewREST(p.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"serviceaccounts": s}, nil
}
