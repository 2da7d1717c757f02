package componentstatus

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
)

// checkTimeout bounds one check, as upstream's probes are bounded.
const checkTimeout = 20 * time.Second

// maxBody is how much of a health endpoint's answer becomes the message.
const maxBody = 10 << 10

// EtcdCheck checks the etcd cluster config reaches, as the API server's own etcd health check does.
func EtcdCheck(config storagebackend.Config) Check {
	return func(ctx context.Context) Result {
		prober, err := factory.CreateProber(config)
		if err != nil {
			return Result{Status: corev1.ConditionFalse, Error: err.Error()}
		}
		defer prober.Close()
		ctx, cancel := context.WithTimeout(ctx, checkTimeout)
		defer cancel()
		if err := prober.Probe(ctx); err != nil {
			return Result{Status: corev1.ConditionFalse, Error: err.Error()}
		}
		return Result{Status: corev1.ConditionTrue, Message: "ok"}
	}
}

// HealthzCheck probes a component's HTTPS health endpoint at url, without verifying its
// certificate, the way kube-apiserver probes the scheduler and controller manager on localhost. A
// component that cannot be reached is unhealthy with the connection error as its message.
func HealthzCheck(url string) Check {
	client := &http.Client{
		Timeout:   checkTimeout,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, //nolint:gosec // upstream's probe trusts any localhost certificate too.
		// A redirect is the component's answer, not something to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return func(ctx context.Context) Result {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return Result{Status: corev1.ConditionUnknown, Error: err.Error()}
		}
		resp, err := client.Do(req)
		if err != nil {
			return Result{Status: corev1.ConditionFalse, Message: err.Error()}
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		if err != nil {
			return Result{Status: corev1.ConditionFalse, Message: err.Error()}
		}
		switch {
		case resp.StatusCode < http.StatusOK || resp.StatusCode >= http.StatusBadRequest:
			return Result{Status: corev1.ConditionFalse, Message: fmt.Sprintf("HTTP probe failed with statuscode: %d", resp.StatusCode)}
		case resp.StatusCode >= http.StatusMultipleChoices:
			// A redirect is only a warning to upstream's prober, which the condition shows as Unknown.
			return Result{Status: corev1.ConditionUnknown, Message: string(body)}
		}
		return Result{Status: corev1.ConditionTrue, Message: string(body)}
	}
}

// InProcessCheck reports a component that runs inside kapi as healthy: it is as alive as the
// server answering.
func InProcessCheck() Check {
	return func(context.Context) Result { return Result{Status: corev1.ConditionTrue, Message: "ok"} }
}
