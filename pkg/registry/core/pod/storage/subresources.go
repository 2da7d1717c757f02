package storage

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericrest "k8s.io/apiserver/pkg/registry/generic/rest"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/util/proxy"
	"k8s.io/streaming/pkg/httpstream/wsstream"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/registry/core/pod"
	"github.com/kapi-dev/kapi/pkg/registry/proxyrest"
)

// KubeletStorage holds the subresources of pods that reach past the API server.
type KubeletStorage struct {
	Log         *LogREST
	Exec        *ExecREST
	Attach      *AttachREST
	PortForward *PortForwardREST
	Proxy       *proxyrest.ProxyREST
}

// NewKubeletStorage returns pods/log, exec, attach, portforward and proxy over pods; authz decides
// whether a WebSocket client of exec, attach or portforward may also create them.
func NewKubeletStorage(pods *REST, b proxyrest.Backends, authz authorizer.Authorizer) KubeletStorage {
	base := kubeletREST{pods: pods, kubelets: b.Kubelets, limits: b.Limits, authz: authz}
	return KubeletStorage{
		Log:         &LogREST{base},
		Exec:        &ExecREST{base},
		Attach:      &AttachREST{base},
		PortForward: &PortForwardREST{base},
		Proxy: &proxyrest.ProxyREST{
			Parent:     pods,
			NewOptions: func() runtime.Object { return &corev1.PodProxyOptions{} },
			Location: func(ctx context.Context, id string) (*url.URL, http.RoundTripper, error) {
				return pod.ResourceLocation(ctx, pods, b.ProxyTransport, b.AddressFilter, id)
			},
			Limits: b.Limits,
		},
	}
}

// kubeletREST is what the kubelet subresources share.
type kubeletREST struct {
	pods     *REST
	kubelets kubeletclient.ConnectionInfoGetter
	limits   proxyrest.Limits
	authz    authorizer.Authorizer
}

// New returns an empty pod.
func (r kubeletREST) New() runtime.Object { return &corev1.Pod{} }

// Destroy does nothing: pods own the storage.
func (r kubeletREST) Destroy() {}

// LogREST serves pods/log: the container's log, streamed from the kubelet.
type LogREST struct{ kubeletREST }

var (
	_ rest.GetterWithOptions = &LogREST{}
	_ rest.StorageMetadata   = &LogREST{}
	_ rest.Connecter         = &ExecREST{}
	_ rest.Connecter         = &AttachREST{}
	_ rest.Connecter         = &PortForwardREST{}
)

// ProducesMIMETypes is text/plain: logs are streamed as they are.
func (r *LogREST) ProducesMIMETypes(string) []string { return []string{"text/plain"} }

// ProducesObject is a string, as upstream documents pods/log.
func (r *LogREST) ProducesObject(string) interface{} { return "" }

// NewGetOptions returns the empty log options.
func (r *LogREST) NewGetOptions() (runtime.Object, bool, string) {
	return &corev1.PodLogOptions{}, false, ""
}

// Get returns a stream of the log; for a pod on no node yet, an empty one that the handler answers
// with 204 No Content, as upstream.
func (r *LogREST) Get(ctx context.Context, name string, opts runtime.Object) (runtime.Object, error) {
	logOpts, ok := opts.(*corev1.PodLogOptions)
	if !ok {
		return nil, fmt.Errorf("invalid options object: %#v", opts)
	}
	if errs := pod.ValidateLogOptions(logOpts); len(errs) > 0 {
		return nil, apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("PodLogOptions").GroupKind(), name, errs)
	}
	location, transport, err := pod.LogLocation(ctx, r.pods, r.kubelets, name, logOpts)
	if err != nil {
		return nil, err
	}
	return &genericrest.LocationStreamer{
		Location:        location,
		Transport:       transport,
		ContentType:     "text/plain",
		Flush:           logOpts.Follow,
		ResponseChecker: genericrest.NewGenericHttpResponseChecker(corev1.Resource("pods/log"), name),
		RedirectChecker: genericrest.PreventRedirects,
	}, nil
}

// ExecREST serves pods/exec.
type ExecREST struct{ kubeletREST }

// ConnectMethods are GET (WebSocket) and POST (SPDY).
func (r *ExecREST) ConnectMethods() []string { return proxyrest.StreamMethods }

// NewConnectOptions returns the empty exec options.
func (r *ExecREST) NewConnectOptions() (runtime.Object, bool, string) {
	return &corev1.PodExecOptions{}, false, ""
}

// Connect streams to the kubelet's exec endpoint; WebSocket clients of the v5 protocol are
// translated to SPDY for the kubelet, as upstream.
func (r *ExecREST) Connect(ctx context.Context, name string, opts runtime.Object, responder rest.Responder) (http.Handler, error) {
	o, ok := opts.(*corev1.PodExecOptions)
	if !ok {
		return nil, fmt.Errorf("invalid options object: %#v", opts)
	}
	if err := authorizeCreate(ctx, r.authz); err != nil {
		return nil, err
	}
	location, transport, err := pod.ExecLocation(ctx, r.pods, r.kubelets, name, o)
	if err != nil {
		return nil, err
	}
	return r.streamHandler(location, transport, responder, proxy.Options{Stdin: o.Stdin, Stdout: o.Stdout, Stderr: o.Stderr, Tty: o.TTY}), nil
}

// AttachREST serves pods/attach.
type AttachREST struct{ kubeletREST }

// ConnectMethods are GET (WebSocket) and POST (SPDY).
func (r *AttachREST) ConnectMethods() []string { return proxyrest.StreamMethods }

// NewConnectOptions returns the empty attach options.
func (r *AttachREST) NewConnectOptions() (runtime.Object, bool, string) {
	return &corev1.PodAttachOptions{}, false, ""
}

// Connect streams to the kubelet's attach endpoint, as exec does.
func (r *AttachREST) Connect(ctx context.Context, name string, opts runtime.Object, responder rest.Responder) (http.Handler, error) {
	o, ok := opts.(*corev1.PodAttachOptions)
	if !ok {
		return nil, fmt.Errorf("invalid options object: %#v", opts)
	}
	if err := authorizeCreate(ctx, r.authz); err != nil {
		return nil, err
	}
	location, transport, err := pod.AttachLocation(ctx, r.pods, r.kubelets, name, o)
	if err != nil {
		return nil, err
	}
	return r.streamHandler(location, transport, responder, proxy.Options{Stdin: o.Stdin, Stdout: o.Stdout, Stderr: o.Stderr, Tty: o.TTY}), nil
}

// PortForwardREST serves pods/portforward.
type PortForwardREST struct{ kubeletREST }

// ConnectMethods are GET (WebSocket) and POST (SPDY).
func (r *PortForwardREST) ConnectMethods() []string { return proxyrest.StreamMethods }

// NewConnectOptions returns the empty port-forward options.
func (r *PortForwardREST) NewConnectOptions() (runtime.Object, bool, string) {
	return &corev1.PodPortForwardOptions{}, false, ""
}

// Connect streams to the kubelet's port-forward endpoint; WebSocket clients of the tunneling
// protocol get SPDY tunneled through it, as upstream.
func (r *PortForwardREST) Connect(ctx context.Context, name string, opts runtime.Object, responder rest.Responder) (http.Handler, error) {
	o, ok := opts.(*corev1.PodPortForwardOptions)
	if !ok {
		return nil, fmt.Errorf("invalid options object: %#v", opts)
	}
	if err := authorizeCreate(ctx, r.authz); err != nil {
		return nil, err
	}
	location, transport, err := pod.PortForwardLocation(ctx, r.pods, r.kubelets, name, o)
	if err != nil {
		return nil, err
	}
	upgrade := proxyrest.NewHandler(location, transport, false, true, responder, r.limits)
	return proxy.NewTranslatingHandler(upgrade, proxy.NewTunnelingHandler(upgrade), wsstream.IsWebSocketRequestWithTunnelingProtocol), nil
}

func (r kubeletREST) streamHandler(location *url.URL, transport http.RoundTripper, responder rest.Responder, streams proxy.Options) http.Handler {
	upgrade := proxyrest.NewHandler(location, transport, false, true, responder, r.limits)
	translator := proxy.NewStreamTranslatorHandler(location, transport, r.limits.MaxBytesPerSec, streams)
	return proxy.NewTranslatingHandler(upgrade, translator, wsstream.IsWebSocketRequestWithStreamCloseProtocol)
}
