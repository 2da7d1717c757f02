// Package connectrest serves the subresources that reach past the API server to a kubelet, a pod
// or a service (pods/log, exec, attach, portforward and the proxy subresources): their discovery
// entries, options and verbs, and the lookup of the object they name. Until kapi connects to those
// backends, a request for an existing object is answered 503 Service Unavailable.
package connectrest

import (
	"context"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
)

// ProxyMethods are the HTTP methods the proxy subresources pass on, as upstream's.
var ProxyMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// StreamMethods are the methods of exec, attach and portforward: GET for WebSocket clients, POST
// for SPDY ones.
var StreamMethods = []string{"GET", "POST"}

// Subresource describes one connect subresource of a resource kept in Parent.
type Subresource struct {
	// Parent reads the object the subresource belongs to.
	Parent rest.Getter
	// Resource names the subresource in errors, e.g. pods/exec.
	Resource schema.GroupResource
	// NewOptions returns the empty options the request's query parameters decode into.
	NewOptions func() runtime.Object
	// PathParam, if set, is the options field that receives the request path below the object, as
	// the proxy subresources take it.
	PathParam string
	// Methods are the HTTP methods the subresource answers.
	Methods []string
}

// REST serves a connect subresource.
type REST struct {
	Subresource
}

// LogREST serves pods/log, which is read with GET and options rather than connected to.
type LogREST struct {
	Subresource
}

var (
	_ rest.Connecter         = &REST{}
	_ rest.GetterWithOptions = &LogREST{}
	_ rest.StorageMetadata   = &LogREST{}
)

// New returns the REST of sub.
func New(sub Subresource) *REST { return &REST{sub} }

// NewLog returns the REST of pods/log.
func NewLog(sub Subresource) *LogREST { return &LogREST{sub} }

// New returns an empty object of the parent resource.
func (s Subresource) New() runtime.Object {
	return s.Parent.(rest.Storage).New()
}

// Destroy does nothing: the parent resource owns the storage.
func (s Subresource) Destroy() {}

// NewConnectOptions returns the empty options and where the request path goes.
func (r *REST) NewConnectOptions() (runtime.Object, bool, string) {
	return r.NewOptions(), r.PathParam != "", r.PathParam
}

// ConnectMethods lists the methods the subresource answers.
func (r *REST) ConnectMethods() []string { return r.Methods }

// Connect looks up the object: a missing one is 404, as upstream; an existing one cannot be
// reached yet.
func (r *REST) Connect(ctx context.Context, name string, _ runtime.Object, _ rest.Responder) (http.Handler, error) {
	return nil, r.unavailable(ctx, name)
}

// NewGetOptions returns the empty log options.
func (r *LogREST) NewGetOptions() (runtime.Object, bool, string) {
	return r.NewOptions(), false, ""
}

// Get looks up the pod: a missing one is 404, as upstream; an existing one cannot be reached yet.
func (r *LogREST) Get(ctx context.Context, name string, _ runtime.Object) (runtime.Object, error) {
	return nil, r.unavailable(ctx, name)
}

// ProducesMIMETypes is text/plain: logs are streamed as they are.
func (r *LogREST) ProducesMIMETypes(string) []string { return []string{"text/plain"} }

// ProducesObject is a string, as upstream documents pods/log.
func (r *LogREST) ProducesObject(string) interface{} { return "" }

func (s Subresource) unavailable(ctx context.Context, name string) error {
	if _, err := s.Parent.Get(ctx, name, &metav1.GetOptions{}); err != nil {
		return err
	}
	return apierrors.NewServiceUnavailable(fmt.Sprintf("%s is not served by kapi yet: it does not connect to kubelets, pods or services", s.Resource))
}
