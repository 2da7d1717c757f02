package pod

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

// podsOf is a pod getter over fixed pods.
type podsOf map[string]*corev1.Pod

func (p podsOf) Get(_ context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	if pod, ok := p[name]; ok {
		return pod, nil
	}
	return nil, apierrors.NewNotFound(corev1.Resource("pods"), name)
}

// kubeletAt answers every node with the same kubelet endpoint.
type kubeletAt string

func (k kubeletAt) GetConnectionInfo(context.Context, string) (*kubeletclient.ConnectionInfo, error) {
	return &kubeletclient.ConnectionInfo{Scheme: "https", Hostname: string(k), Port: "10250"}, nil
}

func testPods() podsOf {
	withIP := func(name, ip string, containers ...corev1.Container) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Spec: corev1.PodSpec{NodeName: "n1", Containers: containers}}
		if ip != "" {
			p.Status.PodIPs = []corev1.PodIP{{IP: ip}}
		}
		return p
	}
	return podsOf{
		"web":      withIP("web", "10.1.0.5", corev1.Container{Name: "main", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}}),
		"v6":       withIP("v6", "fd00::5", corev1.Container{Name: "main"}),
		"loopback": withIP("loopback", "127.0.0.1", corev1.Container{Name: "main"}),
		"noip":     withIP("noip", "", corev1.Container{Name: "main"}),
		"two":      withIP("two", "10.1.0.6", corev1.Container{Name: "a"}, corev1.Container{Name: "b"}),
	}
}

func TestResourceLocation(t *testing.T) {
	for _, tc := range []struct {
		id, want, err string
	}{
		{id: "web", want: "//10.1.0.5:8080"},
		{id: "web:9090", want: "//10.1.0.5:9090"},
		{id: "https:web:443", want: "https://10.1.0.5:443"},
		{id: "v6", want: "//[fd00::5]"},
		{id: "loopback", err: "address not allowed"},
		{id: "noip", err: "address not allowed"},
		{id: "a:b:c:d", err: `invalid pod request "a:b:c:d"`},
		{id: "missing", err: `pods "missing" not found`},
	} {
		t.Run(tc.id, func(t *testing.T) {
			loc, rt, err := ResourceLocation(context.Background(), testPods(), http.DefaultTransport, proxyaddress.Default, tc.id)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, %v; want error %q", loc, err, tc.err)
				}
				return
			}
			if err != nil || loc.String() != tc.want || rt != http.DefaultTransport {
				t.Errorf("got %v, %v; want %s", loc, err, tc.want)
			}
		})
	}
}

func TestKubeletLocations(t *testing.T) {
	ctx := context.Background()
	pods, kubelet := testPods(), kubeletAt("10.0.0.9")
	for _, tc := range []struct {
		name string
		get  func() (string, error)
		want string
	}{
		{"log", func() (string, error) {
			loc, _, err := LogLocation(ctx, pods, kubelet, "web", &corev1.PodLogOptions{Follow: true, TailLines: new(int64)})
			return loc.String(), err
		}, "https://10.0.0.9:10250/containerLogs/ns/web/main?follow=true&tailLines=0"},
		{"exec", func() (string, error) {
			loc, _, err := ExecLocation(ctx, pods, kubelet, "two", &corev1.PodExecOptions{Container: "b", Stdin: true, TTY: true, Command: []string{"sh", "-c", "ls"}})
			return loc.String(), err
		}, "https://10.0.0.9:10250/exec/ns/two/b?command=sh&command=-c&command=ls&input=1&tty=1"},
		{"attach", func() (string, error) {
			loc, _, err := AttachLocation(ctx, pods, kubelet, "web", &corev1.PodAttachOptions{Stdout: true, Stderr: true})
			return loc.String(), err
		}, "https://10.0.0.9:10250/attach/ns/web/main?error=1&output=1"},
		{"portforward", func() (string, error) {
			loc, _, err := PortForwardLocation(ctx, pods, kubelet, "web", &corev1.PodPortForwardOptions{Ports: []int32{80, 443}})
			return loc.String(), err
		}, "https://10.0.0.9:10250/portForward/ns/web?port=80%2C443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.get()
			if err != nil || got != tc.want {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

func TestChooseContainer(t *testing.T) {
	pods := testPods()
	two := pods["two"].DeepCopy()
	two.Spec.InitContainers = []corev1.Container{{Name: "init"}}
	for _, tc := range []struct {
		pod       *corev1.Pod
		container string
		want, err string
	}{
		{pod: pods["web"], want: "main"},
		{pod: pods["web"], container: "main", want: "main"},
		{pod: two, container: "init", want: "init"},
		{pod: pods["web"], container: "nope", err: "container nope is not valid for pod web"},
		{pod: two, err: "a container name must be specified for pod two, choose one of: [init a b]"},
		{pod: &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "empty"}}, err: "a container name must be specified for pod empty"},
	} {
		got, err := chooseContainer(tc.container, tc.pod)
		if tc.err != "" {
			var status apierrors.APIStatus
			if !errors.As(err, &status) || status.Status().Message != tc.err || status.Status().Code != http.StatusBadRequest {
				t.Errorf("%s/%q: %v, want 400 %q", tc.pod.Name, tc.container, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s/%q: %q, %v; want %q", tc.pod.Name, tc.container, got, err, tc.want)
		}
	}
}
