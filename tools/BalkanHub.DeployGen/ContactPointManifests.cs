using System.Text;
using BalkanHub.Domain.Route;

namespace BalkanHub.DeployGen;

/// <summary>
/// deploy/k8s/contact-points.yaml for a route: for each participant that runs a contact point, its
/// volume, Deployment (with resource requests and limits), Service, PodDisruptionBudget, NetworkPolicy
/// and Ingress. One text per contact point with its code put in, so thirteen are never copied by hand.
/// </summary>
public static class ContactPointManifests
{
    /// <summary>Where the manifests live in the repository.</summary>
    public static string FileOf(string root) => Path.Combine(root, "deploy", "k8s", "contact-points.yaml");

    const string Header = """
        # Generated from deploy/route.json by tools/BalkanHub.DeployGen (dotnet run --project tools/BalkanHub.DeployGen):
        # edit the generator, not this file; a deployment test fails when the two differ.
        #
        # A contact point per participant that runs one, for countries that host theirs in this cluster;
        # the others run deploy/systemd/ in their own data centre and reach the broker over TLS. SQLite has
        # one writer, so each is one replica, replaced (not rolled) on update, with its own volume.
        # Secrets: balkanhub-contact-point-<code> holds rabbitmq-uri, oidc-client-secret and signing-key.pem for each.
        # Ingress: <code>.balkanhub.example.org, TLS from the balkanhub-tls Secret; change the host names.

        """;

    /// <summary>The manifests as the committed file holds them.</summary>
    public static string Generate(RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var text = new StringBuilder(Header.ReplaceLineEndings("\n"));
        var first = true;
        foreach (var code in route.ContactPoints.Select(p => p.Code).Order(StringComparer.Ordinal))
        {
            if (!first)
                text.Append("---\n");
            first = false;
            text.Append(For(code.ToLowerInvariant(), code.ToUpperInvariant()).ReplaceLineEndings("\n"));
        }
        return text.ToString();
    }

    static string For(string code, string country) => $$"""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: contact-point-{{code}}-data
          namespace: balkanhub
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 5Gi
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: contact-point-{{code}}
          namespace: balkanhub
          labels:
            app.kubernetes.io/name: contact-point
            app.kubernetes.io/instance: contact-point-{{code}}
            app.kubernetes.io/part-of: balkanhub
        spec:
          replicas: 1
          strategy:
            type: Recreate
          selector:
            matchLabels:
              app.kubernetes.io/instance: contact-point-{{code}}
          template:
            metadata:
              labels:
                app.kubernetes.io/name: contact-point
                app.kubernetes.io/instance: contact-point-{{code}}
                app.kubernetes.io/part-of: balkanhub
            spec:
              terminationGracePeriodSeconds: 30
              securityContext:
                fsGroup: 1654
              containers:
                - name: contact-point
                  image: balkanhub/contact-point:1.0.0
                  env:
                    - name: ASPNETCORE_ENVIRONMENT
                      value: Production
                    - name: OTEL_SERVICE_NAME
                      value: contact-point-{{code}}
                    - name: Route__Path
                      value: /etc/balkanhub/route.json
                    # The OpenID Connect issuer: the rehearsal Keycloak of keycloak.yaml, or your government's.
                    # Browsers sign in through the client contact-point-{{code}}, whose secret is in the Secret.
                    - name: Auth__Authority
                      value: https://login.balkanhub.example.org/realms/balkanhub
                    - name: Auth__ClientId
                      value: contact-point-{{code}}
                    # The ingress controller's pods: X-Forwarded-For is believed from them only. Set your
                    # cluster's pod network.
                    - name: Proxies__KnownNetworks__0
                      value: 10.0.0.0/8
                    # RabbitMq__Uri names the cluster's Service, which spreads connections over the nodes;
                    # these are the nodes themselves, for failover when a connection's node goes away.
                    - name: RabbitMq__ClusterNodes__0
                      value: balkanhub-rabbitmq-server-1.balkanhub-rabbitmq-nodes.balkanhub:5672
                    - name: RabbitMq__ClusterNodes__1
                      value: balkanhub-rabbitmq-server-2.balkanhub-rabbitmq-nodes.balkanhub:5672
                    - name: ContactPoint__Country
                      value: {{country}}
                    - name: ConnectionStrings__ContactPoint
                      value: Data Source=/var/lib/balkanhub/contact-point-{{code}}.db
                    - name: Signing__PrivateKeyPath
                      value: /etc/balkanhub/keys/signing-key.pem
                    - name: Signing__KeyId
                      value: {{country}}-1
                    - name: RabbitMq__Uri
                      valueFrom:
                        secretKeyRef:
                          name: balkanhub-contact-point-{{code}}
                          key: rabbitmq-uri
                    - name: Auth__ClientSecret
                      valueFrom:
                        secretKeyRef:
                          name: balkanhub-contact-point-{{code}}
                          key: oidc-client-secret
                  ports:
                    - name: http
                      containerPort: 8080
                  # A contact point idles most of the day and takes a country's posts in bursts.
                  resources:
                    requests:
                      cpu: 100m
                      memory: 192Mi
                    limits:
                      memory: 512Mi
                  # The first start applies the database migrations before the service listens: up to 5 minutes
                  # before the liveness probe may restart it.
                  startupProbe:
                    httpGet:
                      path: /health/ready
                      port: http
                    periodSeconds: 5
                    failureThreshold: 60
                  # Ready means the database answers; a broker outage is reported as Degraded (still 200), since
                  # the outbox keeps accepting reports for it.
                  readinessProbe:
                    httpGet:
                      path: /health/ready
                      port: http
                    periodSeconds: 10
                  livenessProbe:
                    httpGet:
                      path: /health/live
                      port: http
                    periodSeconds: 20
                  securityContext:
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop: [ALL]
                  volumeMounts:
                    - name: config
                      mountPath: /etc/balkanhub/route.json
                      subPath: route.json
                      readOnly: true
                    - name: signing-key
                      mountPath: /etc/balkanhub/keys
                      readOnly: true
                    - name: data
                      mountPath: /var/lib/balkanhub
              volumes:
                - name: config
                  configMap:
                    name: balkanhub-config
                - name: signing-key
                  secret:
                    secretName: balkanhub-contact-point-{{code}}
                    items:
                      - key: signing-key.pem
                        path: signing-key.pem
                - name: data
                  persistentVolumeClaim:
                    claimName: contact-point-{{code}}-data
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: contact-point-{{code}}
          namespace: balkanhub
        spec:
          selector:
            app.kubernetes.io/instance: contact-point-{{code}}
          ports:
            - name: http
              port: 80
              targetPort: http
        ---
        # One replica on its own volume: a node drain waits for an operator to move it at a quiet hour
        # (the country cannot post while it is down), instead of evicting it unannounced.
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: contact-point-{{code}}
          namespace: balkanhub
        spec:
          minAvailable: 1
          selector:
            matchLabels:
              app.kubernetes.io/instance: contact-point-{{code}}
        ---
        # In: HTTP from the ingress controller's namespace only (set its name), so no other pod can reach the
        # service or write X-Forwarded-For. Out: the broker, DNS, HTTP(S) (the identity provider's keys,
        # webhooks), SMTP for email and OTLP for telemetry. The database is the pod's own volume.
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: contact-point-{{code}}
          namespace: balkanhub
        spec:
          podSelector:
            matchLabels:
              app.kubernetes.io/instance: contact-point-{{code}}
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: ingress-nginx
              ports:
                - port: 8080
          egress:
            - to:
                - podSelector:
                    matchLabels:
                      app.kubernetes.io/name: balkanhub-rabbitmq
              ports:
                - port: 5672
                - port: 5671
            - ports:
                - port: 53
                  protocol: UDP
                - port: 53
                  protocol: TCP
            - ports:
                - port: 443
                - port: 80
                - port: 587
                - port: 465
                - port: 25
                - port: 4317
                - port: 4318
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: contact-point-{{code}}
          namespace: balkanhub
        spec:
          tls:
            - hosts: [{{code}}.balkanhub.example.org]
              secretName: balkanhub-tls
          rules:
            - host: {{code}}.balkanhub.example.org
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: contact-point-{{code}}
                        port:
                          name: http

        """;
}
