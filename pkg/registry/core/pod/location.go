package pod

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

func getPod(ctx context.Context, pods rest.Getter, name string) (*corev1.Pod, error) {
	obj, err := pods.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return nil, fmt.Errorf("unexpected object type %T", obj)
	}
	return p, nil
}

// ResourceLocation returns where pods/proxy sends a request for id ("name", "name:port" or
// "scheme:name:port"): the pod's primary IP, on the given port or else the first container port.
// An IP that filter refuses, or none, is a 400 "address not allowed", as upstream.
func ResourceLocation(ctx context.Context, pods rest.Getter, transport http.RoundTripper, filter proxyaddress.Filter, id string) (*url.URL, http.RoundTripper, error) {
	scheme, name, port, valid := utilnet.SplitSchemeNamePort(id)
	if !valid {
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("invalid pod request %q", id))
	}
	p, err := getPod(ctx, pods, name)
	if err != nil {
		return nil, nil, err
	}
	if port == "" {
		for _, c := range p.Spec.Containers {
			if len(c.Ports) > 0 {
				port = strconv.Itoa(int(c.Ports[0].ContainerPort))
				break
			}
		}
	}
	var ip string
	if len(p.Status.PodIPs) > 0 {
		ip = p.Status.PodIPs[0].IP
	}
	if net.ParseIP(ip) == nil {
		return nil, nil, apierrors.NewBadRequest(proxyaddress.ErrNotAllowed.Error())
	}
	if err := filter(ctx, ip); err != nil {
		return nil, nil, apierrors.NewBadRequest(err.Error())
	}
	loc := &url.URL{Scheme: scheme, Host: ip}
	switch {
	case port != "":
		loc.Host = net.JoinHostPort(ip, port)
	case strings.Contains(ip, ":"):
		loc.Host = "[" + ip + "]"
	}
	return loc, transport, nil
}

// LogLocation returns the kubelet URL of the container's log, or nil for a pod not scheduled yet,
// whose log is empty.
func LogLocation(ctx context.Context, pods rest.Getter, kubelets kubeletclient.ConnectionInfoGetter, name string, opts *corev1.PodLogOptions) (*url.URL, http.RoundTripper, error) {
	p, err := getPod(ctx, pods, name)
	if err != nil {
		return nil, nil, err
	}
	container, err := chooseContainer(opts.Container, p)
	if err != nil {
		return nil, nil, err
	}
	if p.Spec.NodeName == "" {
		return nil, nil, nil
	}
	info, err := kubelets.GetConnectionInfo(ctx, p.Spec.NodeName)
	if err != nil {
		return nil, nil, err
	}
	loc := kubeletURL(info, fmt.Sprintf("/containerLogs/%s/%s/%s", p.Namespace, p.Name, container), logParams(opts))
	if opts.InsecureSkipTLSVerifyBackend {
		return loc, info.InsecureSkipTLSVerifyTransport, nil
	}
	return loc, info.Transport, nil
}

func logParams(opts *corev1.PodLogOptions) url.Values {
	params := url.Values{}
	setTrue := func(name string, set bool) {
		if set {
			params.Add(name, "true")
		}
	}
	setInt := func(name string, v *int64) {
		if v != nil {
			params.Add(name, strconv.FormatInt(*v, 10))
		}
	}
	setTrue("follow", opts.Follow)
	setTrue("previous", opts.Previous)
	setTrue("timestamps", opts.Timestamps)
	setInt("sinceSeconds", opts.SinceSeconds)
	if opts.SinceTime != nil {
		params.Add("sinceTime", opts.SinceTime.Format(time.RFC3339))
	}
	setInt("tailLines", opts.TailLines)
	setInt("limitBytes", opts.LimitBytes)
	if opts.Stream != nil {
		params.Add("stream", *opts.Stream)
	}
	return params
}

// ExecLocation returns the kubelet URL that pods/exec streams to.
func ExecLocation(ctx context.Context, pods rest.Getter, kubelets kubeletclient.ConnectionInfoGetter, name string, opts *corev1.PodExecOptions) (*url.URL, http.RoundTripper, error) {
	params := streamParams(opts.Stdin, opts.Stdout, opts.Stderr, opts.TTY)
	for _, c := range opts.Command {
		params.Add("command", c)
	}
	return streamLocation(ctx, pods, kubelets, name, opts.Container, "exec", params)
}

// AttachLocation returns the kubelet URL that pods/attach streams to.
func AttachLocation(ctx context.Context, pods rest.Getter, kubelets kubeletclient.ConnectionInfoGetter, name string, opts *corev1.PodAttachOptions) (*url.URL, http.RoundTripper, error) {
	return streamLocation(ctx, pods, kubelets, name, opts.Container, "attach", streamParams(opts.Stdin, opts.Stdout, opts.Stderr, opts.TTY))
}

// PortForwardLocation returns the kubelet URL that pods/portforward streams to.
func PortForwardLocation(ctx context.Context, pods rest.Getter, kubelets kubeletclient.ConnectionInfoGetter, name string, opts *corev1.PodPortForwardOptions) (*url.URL, http.RoundTripper, error) {
	p, err := getPod(ctx, pods, name)
	if err != nil {
		return nil, nil, err
	}
	info, err := kubeletOf(ctx, p, kubelets)
	if err != nil {
		return nil, nil, err
	}
	params := url.Values{}
	if len(opts.Ports) > 0 {
		ports := make([]string, len(opts.Ports))
		for i, port := range opts.Ports {
			ports[i] = strconv.Itoa(int(port))
		}
		params.Add(corev1.PortHeader, strings.Join(ports, ","))
	}
	return kubeletURL(info, fmt.Sprintf("/portForward/%s/%s", p.Namespace, p.Name), params), info.Transport, nil
}

func streamParams(stdin, stdout, stderr, tty bool) url.Values {
	params := url.Values{}
	for name, set := range map[string]bool{corev1.ExecStdinParam: stdin, corev1.ExecStdoutParam: stdout, corev1.ExecStderrParam: stderr, corev1.ExecTTYParam: tty} {
		if set {
			params.Add(name, "1")
		}
	}
	return params
}

func streamLocation(ctx context.Context, pods rest.Getter, kubelets kubeletclient.ConnectionInfoGetter, name, container, path string, params url.Values) (*url.URL, http.RoundTripper, error) {
	p, err := getPod(ctx, pods, name)
	if err != nil {
		return nil, nil, err
	}
	if container, err = chooseContainer(container, p); err != nil {
		return nil, nil, err
	}
	info, err := kubeletOf(ctx, p, kubelets)
	if err != nil {
		return nil, nil, err
	}
	return kubeletURL(info, fmt.Sprintf("/%s/%s/%s/%s", path, p.Namespace, p.Name, container), params), info.Transport, nil
}

// kubeletOf returns how to reach the kubelet of p's node; a pod on no node is a 400.
func kubeletOf(ctx context.Context, p *corev1.Pod, kubelets kubeletclient.ConnectionInfoGetter) (*kubeletclient.ConnectionInfo, error) {
	if p.Spec.NodeName == "" {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("pod %s does not have a host assigned", p.Name))
	}
	return kubelets.GetConnectionInfo(ctx, p.Spec.NodeName)
}

func kubeletURL(info *kubeletclient.ConnectionInfo, path string, params url.Values) *url.URL {
	return &url.URL{Scheme: info.Scheme, Host: net.JoinHostPort(info.Hostname, info.Port), Path: path, RawQuery: params.Encode()}
}

// chooseContainer returns the container named, which must be one of the pod's, or the pod's only
// container when none is named, with upstream's messages.
func chooseContainer(container string, p *corev1.Pod) (string, error) {
	names := containerNames(p)
	if container != "" {
		for _, n := range names {
			if n == container {
				return container, nil
			}
		}
		return "", apierrors.NewBadRequest(fmt.Sprintf("container %s is not valid for pod %s", container, p.Name))
	}
	switch len(p.Spec.Containers) {
	case 1:
		return p.Spec.Containers[0].Name, nil
	case 0:
		return "", apierrors.NewBadRequest(fmt.Sprintf("a container name must be specified for pod %s", p.Name))
	}
	return "", apierrors.NewBadRequest(fmt.Sprintf("a container name must be specified for pod %s, choose one of: %s", p.Name, names))
}

// containerNames lists init, regular and ephemeral containers, in upstream's visiting order.
func containerNames(p *corev1.Pod) []string {
	var names []string
	for _, c := range p.Spec.InitContainers {
		names = append(names, c.Name)
	}
	for _, c := range p.Spec.Containers {
		names = append(names, c.Name)
	}
	for _, c := range p.Spec.EphemeralContainers {
		names = append(names, c.Name)
	}
	return names
}
